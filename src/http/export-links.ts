/**
 * @module http/export-links
 * Signed links to an incident's postmortem timeline, rendered on demand from the log: the incident
 * channel's bookmark points here. The signature (HMAC-SHA256 keyed with the bot token) makes the
 * link unguessable; anyone holding the link can read the export, as with a shared file.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { exportIncident, isFormat, MEDIA_TYPES } from '../export/run.js';
import type { Services } from '../services.js';
import { type Route, reply } from './routes.js';

function signature(secret: string, incidentId: string, format: string): string {
  return createHmac('sha256', secret).update(`export:${incidentId}.${format}`).digest('hex').slice(0, 32);
}

/** The public link to an incident's export, or undefined when no public URL is configured. */
export function exportLink(
  services: Pick<Services, 'config'>,
  incidentId: string,
  format = 'html',
): string | undefined {
  const base = services.config.publicUrl;
  if (!base) return undefined;
  const sig = signature(services.config.slack.botToken, incidentId, format);
  return `${base.replace(/\/$/, '')}/incidents/${incidentId}/postmortem.${format}?sig=${sig}`;
}

export function exportRoute(services: Services): Route {
  return {
    path: '/incidents/:id/:file',
    method: ['GET'],
    handler: (req, res) => {
      const id = String(req.params?.id ?? '');
      const format = String(req.params?.file ?? '').replace(/^postmortem\./, '');
      const given = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sig') ?? '';
      const expected = signature(services.config.slack.botToken, id, format);
      const valid =
        /^INC-\d+$/.test(id) &&
        isFormat(format) &&
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      if (!valid || !isFormat(format)) {
        reply(res, 404, { ok: false, error: 'not found' });
        return;
      }
      (async () => {
        const people = await services.redis.hgetall(services.store.keys.people).catch(() => ({}));
        const result = await exportIncident(services.store, services.templates, id, format, {
          timeZone: services.config.timeZone,
          now: Date.now(),
          people,
        });
        if (!result) {
          reply(res, 404, { ok: false, error: 'not found' });
          return;
        }
        res.writeHead(200, {
          'content-type': `${MEDIA_TYPES[format]}; charset=utf-8`,
          'content-disposition': `inline; filename="${result.filename}"`,
          'cache-control': 'no-store',
        });
        res.end(result.content);
      })().catch((error: unknown) => {
        services.logger.error({ err: error, incidentId: id }, 'export link failed');
        if (!res.headersSent) reply(res, 503, { ok: false, error: 'export unavailable' });
      });
    },
  };
}
