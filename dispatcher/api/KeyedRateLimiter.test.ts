import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../../test-support/services';
import { KeyedRateLimiter, type RateLimitStore, windowS } from './KeyedRateLimiter';

/** One contract over both stores: this process's memory, and Redis shared by several instances. */
let redis: Redis;
beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await redis.quit();
});

const stores: [string, () => RateLimitStore][] = [
  ['memory', () => ({})],
  ['redis', () => ({ redis })],
];

describe.each(stores)('counters per key (%s)', (_name, store) => {
  const unique = () => `t-${randomBytes(4).toString('hex')}`;

  test('a burst passes, the next request is refused with the time until the window opens again', async () => {
    const limiter = new KeyedRateLimiter({ ratePerS: 3, burst: 3 }, unique(), store());
    for (let i = 0; i < 3; i++) expect(await limiter.take('a')).toEqual({ ok: true });
    const refused = await limiter.take('a');
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterS > 0 && refused.retryAfterS <= 1).toBe(true);
    expect(await limiter.take('b')).toEqual({ ok: true });
  });

  test('after the window a key may send its burst again', async () => {
    const limiter = new KeyedRateLimiter({ ratePerS: 2, burst: 2 }, unique(), store());
    await limiter.take('a');
    await limiter.take('a');
    expect((await limiter.take('a')).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await limiter.take('a')).ok).toBe(true);
  });
});

test('two instances sharing Redis count one rider together; in memory each counts alone', async () => {
  const name = `t-${randomBytes(4).toString('hex')}`;
  const limit = { ratePerS: 2, burst: 4 };
  const [a, b] = [new KeyedRateLimiter(limit, name, { redis }), new KeyedRateLimiter(limit, name, { redis })];
  const verdicts = [await a.take('r'), await b.take('r'), await a.take('r'), await b.take('r'), await a.take('r')];
  expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, false]);
  const [c, d] = [new KeyedRateLimiter(limit, name), new KeyedRateLimiter(limit, name)];
  for (let i = 0; i < 4; i++) await c.take('r');
  expect((await d.take('r')).ok).toBe(true);
});

test('the window is the time a burst takes to earn back, at least a second', () => {
  expect(windowS({ ratePerS: 200, burst: 400 })).toBe(2);
  expect(windowS({ ratePerS: 5, burst: 20 })).toBe(4);
  expect(windowS({ ratePerS: 50, burst: 10 })).toBe(1);
  expect(() => new KeyedRateLimiter({ ratePerS: 0, burst: 1 }, 'x')).toThrow(/ratePerS > 0/);
});
