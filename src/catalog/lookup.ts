/**
 * @module catalog/lookup
 * Finding a service in the catalog: by its name or an alias (what people type), by the GitHub repo
 * and environment a deploy came from, by the Argo CD application. Pure.
 */
import type { Catalog, Service } from './schema.js';

const norm = (text: string) => text.trim().toLowerCase();

/** The service named or aliased `text` (case-insensitive). */
export function serviceNamed(catalog: Catalog, text: string | undefined): Service | undefined {
  if (!text) return undefined;
  const wanted = norm(text);
  for (const service of Object.values(catalog.services)) {
    if (service.name === wanted || service.aliases.some((a) => norm(a) === wanted)) return service;
  }
  return undefined;
}

/**
 * The service a title is about, when exactly one service's name or alias appears in it as a word
 * ("Checkout payments failing" → payments-api by its alias "checkout"); undefined when none or several.
 */
export function serviceInTitle(catalog: Catalog, title: string): Service | undefined {
  const words = new Set(
    norm(title)
      .split(/[^a-z0-9._-]+/)
      .filter(Boolean),
  );
  const found = Object.values(catalog.services).filter(
    (s) => words.has(s.name) || s.aliases.some((a) => words.has(norm(a))),
  );
  return found.length === 1 ? found[0] : undefined;
}

/** The service whose catalog entry names this GitHub repo (and environment, when it names one). */
export function serviceForRepo(catalog: Catalog, repo: string, environment: string): Service | undefined {
  const services = Object.values(catalog.services).filter((s) => s.github?.repo.toLowerCase() === repo.toLowerCase());
  return services.find((s) => s.github?.environment === environment) ?? undefined;
}

/** Whether any service names this repo (then deploys to its other environments are not a service's). */
export function repoIsCatalogued(catalog: Catalog, repo: string): boolean {
  return Object.values(catalog.services).some((s) => s.github?.repo.toLowerCase() === repo.toLowerCase());
}

export function serviceForArgoApp(catalog: Catalog, app: string): Service | undefined {
  return Object.values(catalog.services).find(
    (s) => s.argocd?.app === app || (s.rollback?.kind === 'argocd' && s.rollback.app === app),
  );
}

/**
 * The service an incident is about: the one named at the declare (by name or alias), else the one its
 * title names; else what was typed as its service, if anything.
 */
export function serviceOfIncident(
  catalog: Catalog,
  incident: { service?: string | undefined; title: string },
): string | undefined {
  return (serviceNamed(catalog, incident.service) ?? serviceInTitle(catalog, incident.title))?.name ?? incident.service;
}
