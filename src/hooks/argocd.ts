/**
 * @module hooks/argocd
 * `POST /hooks/argocd`: Argo CD's notifications (the template in docs/integrations/
 * argocd-notifications.yaml). Argo CD signs nothing: the request must carry `X-Warroom-Token` equal to
 * ARGOCD_WEBHOOK_SECRET (compared in constant time; 401 otherwise). Each notification is a deploy
 * report, recorded once (Argo CD retries a 5xx: the report's id makes the retry one report).
 */
import { type Route, replyError } from '../http/routes.js';
import type { Services } from '../services.js';
import { parseArgoNotification } from './argocd-payloads.js';
import { jsonBody, recordDeploy } from './record-deploy.js';
import { sharedSecretMatches } from './signatures.js';

export function argocdHookRoutes(services: Services): Route[] {
  return [
    {
      path: '/hooks/argocd',
      method: ['POST'],
      handler: async (req, res) => {
        const secret = services.config.argocd.webhookSecret;
        if (!secret) {
          replyError(
            res,
            404,
            'Argo CD notifications are off: set ARGOCD_WEBHOOK_SECRET (the X-Warroom-Token they carry)',
          );
          return;
        }
        const token = req.headers['x-warroom-token'];
        if (!sharedSecretMatches(typeof token === 'string' ? token : undefined, secret)) {
          replyError(res, 401, 'X-Warroom-Token does not match ARGOCD_WEBHOOK_SECRET');
          return;
        }
        const parsed = jsonBody(req.rawBody);
        if (!parsed.ok) {
          replyError(res, 400, parsed.problem);
          return;
        }
        const hook = parseArgoNotification(parsed.body, services.templates.catalog);
        if (hook.kind === 'invalid') {
          replyError(res, 400, hook.problem);
          return;
        }
        await recordDeploy(services, hook.report, hook.report.id, res);
      },
    },
  ];
}
