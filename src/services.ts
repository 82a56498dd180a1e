/**
 * @module services
 * What listeners and job processors are handed: configuration, logger and connections.
 */
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './log.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** The fail-fast connection for recording what responders do. */
  redis: Redis;
}
