/**
 * @module sandbox/manifest
 * Reads manifest.yml so the emulator grants the app exactly the scopes and event subscriptions that a
 * workspace installing it from the manifest would.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const manifestSchema = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z
    .object({ event_subscriptions: z.object({ bot_events: z.array(z.string()).default([]) }).optional() })
    .optional(),
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), should_escape: z.boolean().optional() })).default([]),
  }),
});

export interface AppManifest {
  scopes: string[];
  events: string[];
  commands: { command: string; shouldEscape: boolean }[];
}

export function readManifest(path: string): AppManifest {
  const parsed = manifestSchema.parse(parse(readFileSync(path, 'utf8')));
  return {
    scopes: parsed.oauth_config.scopes.bot,
    events: parsed.settings?.event_subscriptions?.bot_events ?? [],
    commands: parsed.features.slash_commands.map((c) => ({
      command: c.command,
      shouldEscape: c.should_escape ?? false,
    })),
  };
}
