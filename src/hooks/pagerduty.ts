/**
 * @module hooks/pagerduty
 * `POST /hooks/pagerduty`: PagerDuty's V3 webhook. The signature (`X-PagerDuty-Signature`, HMAC of the
 * raw body with PAGERDUTY_WEBHOOK_SECRET; two secrets while rotating) is checked first: a bad or missing
 * one is 401 and nothing is read further. An incident event for a page warroom sent (its incident key
 * is the page's dedup key) lands on that incident's timeline once per delivery (`X-Webhook-Id` is the
 * same on PagerDuty's retries): acknowledged, resolved. Other incidents may declare one (see
 * pagerduty-declare.ts). Anything else is accepted and ignored (202), so PagerDuty never disables the
 * subscription for warroom's sake; Redis away is 503, which PagerDuty retries for up to 48 h.
 */

import { StoreUnavailableError } from '../errors.js';
import { type Route, reply, replyError } from '../http/routes.js';
import type { Command } from '../incident/decide.js';
import { SYSTEM_ACTOR } from '../incident/events.js';
import type { Services } from '../services.js';
import { record } from '../slack/record.js';
import { type Answer, answerFor, autoDeclare, declaredFromResolved, type IncidentHook } from './pagerduty-declare.js';
import { parsePagerDutyWebhook } from './pagerduty-payloads.js';
import { verifyPagerDutySignature } from './pagerduty-signature.js';

const DELIVERY = /^[\w-]{1,100}$/;

/** The warroom incident a page's dedup key names, when it is this install's (see decide-paging). */
export function incidentOfPageKey(prefix: string, key: string | undefined): string | undefined {
  if (!key) return undefined;
  const parts = key.split('/');
  if (parts.length !== 4 || parts[0] !== 'warroom' || parts[1] !== prefix) return undefined;
  return /^INC-\d+$/.test(parts[2] ?? '') ? parts[2] : undefined;
}

/** What a PagerDuty incident event means for the page it is, if it means anything. */
function pageCommand(hook: IncidentHook): Command | undefined {
  const by = hook.agent?.name ? { name: hook.agent.name } : {};
  const common = { pagerdutyIncidentId: hook.incident.id, by, url: hook.incident.htmlUrl };
  if (hook.eventType === 'incident.acknowledged') return { type: 'recordPageAcknowledged', ...common };
  if (hook.eventType === 'incident.resolved') return { type: 'recordPageResolved', ...common };
  return undefined;
}

async function incidentEvent(services: Services, hook: IncidentHook, delivery: string): Promise<Answer> {
  const incidentId = incidentOfPageKey(services.config.keyPrefix, hook.incident.incidentKey);
  if (!incidentId) {
    const answer = (await autoDeclare(services, hook)) ?? (await declaredFromResolved(services, hook, delivery));
    return answer ?? { status: 202, body: { ok: true, ignored: 'not a page warroom sent' } };
  }
  const { state } = await services.store.load(incidentId);
  const page = state
    ? Object.values(state.paging.pages).find((p) => p.dedupKey === hook.incident.incidentKey)
    : undefined;
  const command = pageCommand(hook);
  if (!state || !page || !command) return { status: 202, body: { ok: true, ignored: hook.eventType } };
  const outcome = await record(
    services,
    incidentId,
    { ...command, pageId: page.pageId } as Command,
    { actor: SYSTEM_ACTOR, at: hook.occurredAt },
    `pd:${delivery}`,
  );
  return answerFor(services, outcome, { incident: incidentId });
}

export function pagerdutyHookRoutes(services: Services): Route[] {
  return [
    {
      path: '/hooks/pagerduty',
      method: ['POST'],
      handler: async (req, res) => {
        const secrets = services.config.pagerduty.webhookSecrets;
        if (!secrets) {
          replyError(res, 404, 'PagerDuty webhooks are off: set PAGERDUTY_WEBHOOK_SECRET to the subscription secret');
          return;
        }
        const signature = req.headers['x-pagerduty-signature'];
        if (!verifyPagerDutySignature(req.rawBody, typeof signature === 'string' ? signature : undefined, secrets)) {
          replyError(res, 401, 'the X-PagerDuty-Signature signature does not match PAGERDUTY_WEBHOOK_SECRET');
          return;
        }
        const parsed = parsePagerDutyWebhook(req.rawBody);
        if (!parsed.ok) {
          replyError(res, 400, parsed.problem);
          return;
        }
        const hook = parsed.webhook;
        const header = String(req.headers['x-webhook-id'] ?? '');
        const delivery = DELIVERY.test(header) ? header : hook.eventId;
        if (hook.kind === 'ping') {
          reply(res, 200, { ok: true, pong: true });
          return;
        }
        if (hook.kind === 'other') {
          reply(res, 202, { ok: true, ignored: hook.eventType });
          return;
        }
        try {
          const answer = await incidentEvent(services, hook, delivery);
          reply(res, answer.status, answer.body);
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          replyError(res, 503, 'warroom could not record this delivery now; PagerDuty will retry it');
        }
      },
    },
  ];
}
