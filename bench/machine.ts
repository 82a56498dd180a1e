/** @module bench/machine What the figures were measured on: CPUs, Node, Redis. */
import { cpus, platform, release, totalmem } from 'node:os';
import { Redis } from 'ioredis';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
}

export async function describeMachine(redisUrl: string): Promise<Machine> {
  const redis = new Redis(redisUrl);
  try {
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    return {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${platform()} ${release()}`,
      node: process.version,
      redis: version,
    };
  } finally {
    await redis.quit();
  }
}
