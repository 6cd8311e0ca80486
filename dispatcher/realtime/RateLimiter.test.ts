import { RateLimiter } from './RateLimiter';

const limits = { maxMessagesPerSecond: 3, strikes: 2, floodFactor: 5 };

function burst(limiter: RateLimiter, atMs: number, n: number) {
  return Array.from({ length: n }, () => limiter.take(atMs));
}

describe('RateLimiter', () => {
  test('a client within the rate is never limited', () => {
    const limiter = new RateLimiter(limits);
    for (let s = 0; s < 10; s++) expect(burst(limiter, s * 1000, 3)).toEqual(['ok', 'ok', 'ok']);
  });

  test('over the rate, extra messages are limited and only the first one says so', () => {
    const limiter = new RateLimiter(limits);
    expect(burst(limiter, 0, 5)).toEqual(['ok', 'ok', 'ok', { limited: true, first: true }, { limited: true, first: false }]);
    expect(limiter.take(1000)).toBe('ok');
  });

  test('over the rate two seconds in a row is abusive', () => {
    const limiter = new RateLimiter(limits);
    burst(limiter, 0, 4);
    expect(burst(limiter, 1000, 4).at(-1)).toBe('abusive');
  });

  test('a quiet second in between forgives the earlier strike', () => {
    const limiter = new RateLimiter(limits);
    burst(limiter, 0, 4);
    burst(limiter, 1000, 1);
    expect(burst(limiter, 2000, 4).at(-1)).toEqual({ limited: true, first: true });
  });

  test('a flood within one second is abusive at once', () => {
    const limiter = new RateLimiter(limits);
    expect(burst(limiter, 0, 16).at(-1)).toBe('abusive');
  });
});
