/** What a client's message gets from the rate limiter. */
export type RateVerdict =
  /** Within the limit: handle it. */
  | 'ok'
  /** Over the limit: drop it; `first` says whether this is the first one dropped this second (tell the client once). */
  | { limited: true; first: boolean }
  /** Sustained abuse: close the connection. */
  | 'abusive';

export interface RateLimits {
  maxMessagesPerSecond: number;
  /** Seconds in a row over the limit before the client counts as abusive. */
  strikes: number;
  /** Within one second, this many times the limit is abusive at once (a flood). */
  floodFactor: number;
}

/**
 * Messages per one-second window for one client. Time is a monotonic millisecond reading passed in, so the
 * limiter is pure and tests drive it directly.
 */
export class RateLimiter {
  private windowStartMs = -Infinity;
  private count = 0;
  private strikes = 0;

  constructor(private readonly limits: RateLimits) {}

  take(nowMs: number): RateVerdict {
    if (nowMs - this.windowStartMs >= 1000) {
      const elapsedWindows = Math.floor((nowMs - this.windowStartMs) / 1000);
      const wasOver = this.count > this.limits.maxMessagesPerSecond;
      // Strikes count seconds in a row: a quiet second in between forgives them.
      this.strikes = wasOver && elapsedWindows === 1 ? this.strikes : 0;
      this.windowStartMs = nowMs;
      this.count = 0;
    }
    this.count++;
    const max = this.limits.maxMessagesPerSecond;
    if (this.count <= max) return 'ok';
    if (this.count === max + 1) this.strikes++;
    if (this.strikes >= this.limits.strikes || this.count > max * this.limits.floodFactor) return 'abusive';
    return { limited: true, first: this.count === max + 1 };
  }
}
