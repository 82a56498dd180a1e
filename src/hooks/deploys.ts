/**
 * @module hooks/deploys
 * `POST /hooks/deploys`: a deploy from any CI, as JSON `{service, version, commit?, environment?, url?,
 * author?, description?, at?, state?}` signed `X-Warroom-Signature: sha256=<hex HMAC of the raw body>`
 * with DEPLOY_WEBHOOK_SECRET (401 otherwise). An `Idempotency-Key` header (else the body's hash) makes
 * a retry one deploy. A body that is not what warroom reads is 400 saying what was wrong.
 */
import { type Route, replyError } from '../http/routes.js';
import type { Services } from '../services.js';
import { bodyHashKey, idempotencyKeyProblem, parseDeployBody } from './deploy-payloads.js';
import { jsonBody, recordDeploy } from './record-deploy.js';
import { verifyWarroomSignature } from './signatures.js';

export function deployHookRoutes(services: Services): Route[] {
  return [
    {
      path: '/hooks/deploys',
      method: ['POST'],
      handler: async (req, res) => {
        const secret = services.config.deploys.webhookSecret;
        if (!secret) {
          replyError(res, 404, 'the deploy webhook is off: set DEPLOY_WEBHOOK_SECRET, and sign bodies with it');
          return;
        }
        const signature = req.headers['x-warroom-signature'];
        if (!verifyWarroomSignature(req.rawBody, typeof signature === 'string' ? signature : undefined, secret)) {
          replyError(
            res,
            401,
            'X-Warroom-Signature must be sha256=<hex HMAC-SHA256 of the body with DEPLOY_WEBHOOK_SECRET>',
          );
          return;
        }
        const header = req.headers['idempotency-key'];
        const given = typeof header === 'string' ? header : undefined;
        const keyProblem = idempotencyKeyProblem(given);
        if (keyProblem) {
          replyError(res, 400, keyProblem);
          return;
        }
        const key = given ?? bodyHashKey(req.rawBody);
        const parsed = jsonBody(req.rawBody);
        if (!parsed.ok) {
          replyError(res, 400, parsed.problem);
          return;
        }
        const result = parseDeployBody(parsed.body, services.templates.catalog, key);
        if (!result.ok) {
          replyError(res, 400, result.problem);
          return;
        }
        await recordDeploy(services, result.report, `webhook:${key}`, res);
      },
    },
  ];
}
