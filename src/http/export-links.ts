/**
 * @module http/export-links
 * Signed, expiring, revocable links to an incident's postmortem timeline, rendered on demand from the
 * log: the incident channel's bookmark points here. The signature (HMAC-SHA256 with
 * `WARROOM_LINK_SECRET`, never the Slack token) covers the incident, the format, the expiry and the
 * incident's link generation; `/incident links revoke` moves the generation on, so every earlier link
 * stops working at once. The route exists only when `WARROOM_PUBLIC_URL` is set. The export is written to the
 * response a chunk at a time as it is rendered.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isFormat, MEDIA_TYPES, streamExport } from '../export/run.js';
import type { IncidentState } from '../incident/state.js';
import type { Services } from '../services.js';
import { type Route, replyError } from './routes.js';

const SIG_HEX = 32;

function signature(secret: string, incidentId: string, format: string, expires: number, generation: number): string {
  return createHmac('sha256', secret)
    .update(`export:v2:${incidentId}:${format}:${expires}:${generation}`)
    .digest('hex')
    .slice(0, SIG_HEX);
}

/** How many times the incident's links were revoked: part of every signature. */
export function linkGeneration(state: Pick<IncidentState, 'linkGeneration'>): number {
  return state.linkGeneration;
}

/**
 * The public link to an incident's export, valid for the configured time from `now`, or undefined
 * when no public URL is configured.
 * @example
 * exportLink(services, state, Date.now()) // 'https://warroom.example.com/incidents/INC-4/postmortem.html?exp=…&sig=…'
 */
export function exportLink(
  services: Pick<Services, 'config'>,
  state: Pick<IncidentState, 'id' | 'linkGeneration'>,
  now: number,
  format = 'html',
): string | undefined {
  const { publicUrl, links } = services.config;
  if (!publicUrl || !links) return undefined;
  const expires = Math.floor((now + links.ttlMs) / 1000);
  const sig = signature(links.secret, state.id, format, expires, linkGeneration(state));
  return `${publicUrl.replace(/\/$/, '')}/incidents/${state.id}/postmortem.${format}?exp=${expires}&sig=${sig}`;
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Lengths in bytes, not characters: timingSafeEqual throws on buffers of different lengths.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The route serving export links, or none when there is no public URL (nothing to serve). */
export function exportRoutes(services: Services): Route[] {
  const links = services.config.links;
  if (!services.config.publicUrl || !links) return [];
  return [
    {
      path: '/incidents/:id/:file',
      method: ['GET'],
      handler: async (req, res) => {
        const id = req.params.id ?? '';
        const format = (req.params.file ?? '').replace(/^postmortem\./, '');
        const given = req.query.get('sig') ?? '';
        const expires = Number(req.query.get('exp') ?? '');
        if (
          !/^INC-\d{1,12}$/.test(id) ||
          !isFormat(format) ||
          !/^[0-9a-f]+$/.test(given) ||
          !Number.isSafeInteger(expires)
        ) {
          replyError(res, 404, 'not found');
          return;
        }
        const { state } = await services.store.load(id);
        const expected = state ? signature(links.secret, id, format, expires, linkGeneration(state)) : '';
        if (!state || !sameSignature(given, expected)) {
          replyError(res, 404, 'not found');
          return;
        }
        if (expires * 1000 < Date.now()) {
          replyError(
            res,
            410,
            'this link has expired; ask for a new one in the incident channel with /incident export',
          );
          return;
        }
        const people = await services.redis.hgetall(services.store.keys.people).catch(() => ({}));
        const result = await streamExport(services.store, services.templates, id, format, {
          timeZone: services.config.timeZone,
          now: Date.now(),
          people,
        });
        if (!result) {
          replyError(res, 404, 'not found');
          return;
        }
        res.writeHead(200, {
          'content-type': `${MEDIA_TYPES[format]}; charset=utf-8`,
          'content-disposition': `inline; filename="${result.filename}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        // Written as it is rendered, as fast as the client reads it. A client that goes away stops it; that is no error.
        await pipeline(Readable.from(result.chunks), res).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
        });
      },
    },
  ];
}
