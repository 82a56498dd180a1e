/**
 * The catalog the hook tests parse against: a service followed in production only (payments-api,
 * aliased checkout and payments), one followed in another environment and reported by Argo CD
 * (search), and one known to Argo CD only through its rollback driver (ledger).
 */
import type { Catalog, Service } from '../../src/catalog/schema.js';

const service = (name: string, rest: Partial<Service>): Service => ({
  name,
  aliases: [],
  github: undefined,
  argocd: undefined,
  rollback: undefined,
  statuspage: undefined,
  ...rest,
});

export const catalog: Catalog = {
  services: {
    'payments-api': service('payments-api', {
      aliases: ['checkout', 'Payments'],
      github: { repo: 'acme/payments-api', environment: 'production' },
    }),
    search: service('search', {
      github: { repo: 'acme/search', environment: 'prod-eu' },
      argocd: { app: 'search-prod' },
    }),
    ledger: service('ledger', { rollback: { kind: 'argocd', app: 'ledger-app', project: undefined } }),
  },
};
