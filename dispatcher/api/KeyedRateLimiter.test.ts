import { KeyedRateLimiter } from './KeyedRateLimiter';

describe('token buckets per key', () => {
  test('a burst passes, the next request waits for the refill, and says how long', () => {
    const limiter = new KeyedRateLimiter({ ratePerS: 2, burst: 3 });
    for (let i = 0; i < 3; i++) expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterS: 0.5 });
    expect(limiter.take('a', 250)).toEqual({ ok: false, retryAfterS: 0.25 });
    expect(limiter.take('a', 500)).toEqual({ ok: true });
    expect(limiter.take('b', 500)).toEqual({ ok: true });
  });

  test('a quiet key refills to the burst and no further', () => {
    const limiter = new KeyedRateLimiter({ ratePerS: 1, burst: 2 });
    limiter.take('a', 0);
    limiter.take('a', 0);
    const later = [limiter.take('a', 60_000), limiter.take('a', 60_000), limiter.take('a', 60_000)];
    expect(later.map((r) => r.ok)).toEqual([true, true, false]);
  });

  test('memory stays bounded: past maxKeys, full buckets go first, then the oldest', () => {
    const limiter = new KeyedRateLimiter({ ratePerS: 1, burst: 5 }, 3);
    limiter.take('busy', 0);
    for (let i = 0; i < 4; i++) limiter.take('busy', 0);
    limiter.take('idle-1', 0);
    limiter.take('idle-2', 0);
    limiter.take('new', 10_000); // idle-1 and idle-2 are full again by now: swept
    expect(limiter.size).toBeLessThanOrEqual(3);
    expect(limiter.take('busy', 10_000)).toEqual({ ok: true }); // refilled, but its state survived the sweep as needed
  });

  test('a limit that cannot let anything through is refused at once', () => {
    expect(() => new KeyedRateLimiter({ ratePerS: 0, burst: 1 })).toThrow(/ratePerS > 0/);
  });
});
