/**
 * @module services
 * What listeners and job processors are handed: configuration, logger, the incident store and the
 * effects queue.
 */
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { EffectsProducer } from './queue/producer.js';
import type { DeployStore } from './store/deploy-store.js';
import type { IncidentStore } from './store/incident-store.js';
import type { Templates } from './templates/index.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** The fail-fast connection for recording what responders do. */
  redis: Redis;
  store: IncidentStore;
  /** Deploys per service, as the deploy systems reported them. */
  deploys: DeployStore;
  effects: EffectsProducer;
  templates: Templates;
}
