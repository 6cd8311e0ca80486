/** A sustained rate with room for a burst: a token bucket that refills `ratePerS` and holds at most `burst`. */
export interface BucketLimit {
  ratePerS: number;
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

/** Buckets kept before idle ones are swept (a full bucket carries no state worth keeping). */
export const DEFAULT_MAX_KEYS = 100_000;

/**
 * Token buckets per key (an IP address, a rider). Time is a millisecond reading passed in, so the limiter is
 * pure and tests drive it directly. Memory stays bounded: past maxKeys, full buckets are dropped, then the oldest.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    readonly limit: BucketLimit,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {
    if (!(limit.ratePerS > 0) || !(limit.burst >= 1)) throw new Error(`A rate limit needs ratePerS > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
  }

  /** Takes one request's token; when none is left, says in how many seconds one will be. */
  take(key: string, nowMs: number): TakeResult {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(nowMs);
      bucket = { tokens: this.limit.burst, atMs: nowMs };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * this.limit.ratePerS);
      bucket.atMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: (1 - bucket.tokens) / this.limit.ratePerS };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.atMs) / 1000) * this.limit.ratePerS >= this.limit.burst) this.buckets.delete(key);
    }
    // Still full of busy clients: forget the longest-known ones (Map keeps insertion order).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
