/**
 * Where the browser checks find Chromium (Debian's package, or CHROMIUM_PATH), and whether they run:
 * on a machine without it they are skipped (the suite says so once, in test/setup/chromium.ts), except
 * under CI=true, where a missing browser is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Run the browser checks: there is a browser, or CI insists (and then fails without one). */
export const RUN_BROWSER_CHECKS = HAS_CHROMIUM || process.env.CI === 'true';

/**
 * Debian's Chromium, headless, in a throwaway profile, that may fetch nothing: every request to the
 * network is aborted and its URL kept in `fetched` (a page that needs the network is a defect).
 */
export async function offlineBrowser(): Promise<{
  context: BrowserContext;
  fetched: string[];
  close(): Promise<void>;
}> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install chromium), or set CHROMIUM_PATH.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'warroom-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1280, height: 900 },
  });
  const fetched: string[] = [];
  await context.route(/^(https?|wss?|ftp):/, async (route) => {
    fetched.push(route.request().url());
    await route.abort();
  });
  return {
    context,
    fetched,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
