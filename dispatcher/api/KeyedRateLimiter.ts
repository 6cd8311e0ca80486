import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A sustained rate with room for a burst: `burst` requests per window of burst / ratePerS seconds (at least 1 s). */
export interface BucketLimit {
  ratePerS: number;
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Where counters live: in this process (one instance), or in Redis (ANYSTOP_REDIS_URL) so every instance of a
 * cluster counts the same requests. A Redis that does not answer falls back to this process's counters.
 */
export interface RateLimitStore {
  redis?: Redis;
}

/** Window length for a limit: the time a full burst takes to earn back at the sustained rate. */
export function windowS(limit: BucketLimit): number {
  return Math.max(1, Math.round(limit.burst / limit.ratePerS));
}

/**
 * Counters per key (an IP address, a rider) over fixed windows, kept by rate-limiter-flexible: in memory, or in
 * Redis shared by every instance. `name` keeps different limits apart in a shared store.
 */
export class KeyedRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    readonly limit: BucketLimit,
    name: string,
    store: RateLimitStore = {},
  ) {
    if (!(limit.ratePerS > 0) || !(limit.burst >= 1)) throw new Error(`A rate limit needs ratePerS > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
    const options = { keyPrefix: `anystop:${name}`, points: Math.floor(limit.burst), duration: windowS(limit) };
    this.limiter = store.redis
      ? new RateLimiterRedis({ ...options, storeClient: store.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
  }

  /** Takes one request's point; when none is left, says in how many seconds the window opens again. */
  async take(key: string): Promise<TakeResult> {
    try {
      await this.limiter.consume(key);
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { ok: false, retryAfterS: e.msBeforeNext / 1000 };
      throw e;
    }
  }
}
