import { isRoutingError } from '../errors';
import type { Router } from '../Router';
import { createOsrmRouter } from './createOsrmRouter';
import { OsrmReplayServer } from './testing/OsrmReplayServer';

const HOME = [127.109301, 37.51282] as const;
const MARKET = [127.104385, 37.521982] as const;

/** Runs a call and reports how it failed and how long that took. performance.now is a monotonic test clock. */
async function failure(call: () => Promise<unknown>): Promise<{ code: unknown; message: string; ms: number }> {
  const start = performance.now();
  try {
    await call();
  } catch (e) {
    return { code: isRoutingError(e) ? e.code : e, message: String(e), ms: performance.now() - start };
  }
  throw new Error('expected the call to fail');
}

describe('OSRM server faults', () => {
  let server: OsrmReplayServer;
  let router: Router;
  afterEach(async () => {
    await router?.close();
    await server?.close();
  });

  it('a server that is down is RoutingUnavailable at once, naming the refused connection', async () => {
    server = await new OsrmReplayServer({ mode: 'down' }).start();
    router = await createOsrmRouter({ router: 'osrm', url: server.url, timeoutMs: 200, retries: 1 });
    const f = await failure(() => router.route([HOME, MARKET]));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toMatch(/ECONNREFUSED.*gave up after 2 attempts/);
    expect(f.ms).toBeLessThan(1000);
  });

  it('a slow server is RoutingUnavailable after the timeout and one retry, not when it finally answers', async () => {
    server = await new OsrmReplayServer({ mode: 'slow' }).start();
    router = await createOsrmRouter({ router: 'osrm', url: server.url, timeoutMs: 200, retries: 1 });
    const f = await failure(() => router.table([HOME], [MARKET]));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toMatch(/did not answer within 200 ms/);
    // Two attempts of 200 ms and a 50 ms backoff; the upper bound leaves room for a busy machine.
    expect(f.ms).toBeGreaterThanOrEqual(440);
    expect(f.ms).toBeLessThan(2000);
    expect(server.requests).toHaveLength(2);
  });

  it('a server answering 503 is retried, then RoutingUnavailable', async () => {
    server = await new OsrmReplayServer({ mode: 'failing' }).start();
    router = await createOsrmRouter({ router: 'osrm', url: server.url, timeoutMs: 500, retries: 2 });
    const f = await failure(() => router.nearest(HOME));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toMatch(/HTTP 503/);
    expect(server.requests).toHaveLength(3);
  });

  it('a router that was closed refuses new work', async () => {
    server = await new OsrmReplayServer().start();
    router = await createOsrmRouter({ router: 'osrm', url: server.url });
    await router.close();
    expect((await failure(() => router.route([HOME, MARKET]))).code).toBe('RoutingUnavailable');
    expect(server.requests).toHaveLength(0);
  });
});

describe('createOsrmRouter', () => {
  it.each([
    ['no URL', {}],
    ['a URL that does not parse', { url: 'localhost:5000' }],
    ['a negative timeout', { url: 'http://127.0.0.1:5000', timeoutMs: -1 }],
    ['fractional retries', { url: 'http://127.0.0.1:5000', retries: 1.5 }],
  ])('refuses %s as InvalidInput', async (_, config) => {
    const f = await failure(() => createOsrmRouter({ router: 'osrm', ...config }));
    expect(f.code).toBe('InvalidInput');
  });
});
