import { isRoutingError, type RoutingErrorCode } from '../errors';
import { retryPolicyFrom } from '../http/RetryPolicy';
import type { LngLat } from '../Router';
import { withUnreachablePair } from '../contract/replay/withUnreachablePair';
import { createGraphHopperRouter } from './createGraphHopperRouter';
import { GraphHopperRouter } from './GraphHopperRouter';
import { GraphHopperReplayServer, type GraphHopperReplayOptions } from './testing/GraphHopperReplayServer';

const HOME: LngLat = [127.109301, 37.51282];
const VIA: LngLat = [127.097328, 37.517508];
const MARKET: LngLat = [127.104385, 37.521982];
const KEY = 'test-key-5f2c';

let server: GraphHopperReplayServer;
const start = async (options: GraphHopperReplayOptions = {}) => {
  server = await new GraphHopperReplayServer({ key: KEY, ...options }).start();
  return server;
};
const routerFor = (s: GraphHopperReplayServer, key = KEY, timeoutMs = 2000, retries = 0) =>
  new GraphHopperRouter({ host: s.url, key, policy: retryPolicyFrom({ timeoutMs, retries }) });

async function failure(call: () => Promise<unknown>): Promise<{ code: RoutingErrorCode | unknown; message: string; cause: string; ms: number }> {
  const t0 = performance.now();
  try {
    await call();
  } catch (e) {
    const cause = String((e as { cause?: unknown }).cause ?? '');
    return { code: isRoutingError(e) ? e.code : e, message: String(e), cause, ms: performance.now() - t0 };
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  await server?.close();
});

describe('GraphHopper requests', () => {
  it('a route is a POST to /route with the key, [lon, lat] points, GeoJSON output and leg details', async () => {
    await start();
    const route = await routerFor(server).route([HOME, VIA, MARKET]);
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/route?key=${KEY}`);
    expect(req!.body).toMatchObject({
      points: [HOME, VIA, MARKET],
      profile: 'car',
      points_encoded: false,
      elevation: false,
      details: ['leg_time', 'leg_distance'],
    });
    expect(route.durationS).toBe(228.9);
    expect(route.legs.map((l) => l.durationS)).toEqual([129.2, 99.7]);
  });

  it('a 7×120 table is one POST to /matrix asking for times and distances', async () => {
    await start();
    const stops = server.recordings.city('seoul-songpa').table.points;
    const points = Array.from({ length: 120 }, (_, i) => stops[i % 50]!);
    const table = await routerFor(server).table(points.slice(0, 7), points);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe(`/matrix?key=${KEY}`);
    expect(server.requests[0]!.body).toMatchObject({ out_arrays: ['times', 'distances'], fail_fast: false, profile: 'car' });
    const recorded = server.recordings.table(points.slice(0, 7), points)!;
    // Matrix times are whole seconds already, not milliseconds like route times.
    expect(table.durationsS).toEqual(recorded.durationsS.map((row) => row.map((v) => Math.round(v!))));
  });

  it('a pair with no route stays null in the matrix (fail_fast=false)', async () => {
    await start({ recordings: withUnreachablePair() });
    const stops = server.recordings.city('seoul-songpa').table.points.slice(0, 3);
    const table = await routerFor(server).table(stops, stops);
    expect(table.durationsS[0]![1]).toBeNull();
    expect(table.distancesM[0]![1]).toBeNull();
    expect(table.durationsS[1]![0]).toBe(Math.round(server.recordings.table(stops, stops)!.durationsS[1]![0]!));
  });

  it('without leg details the legs come from the via-point instructions', async () => {
    await start({ legDetails: false });
    const route = await routerFor(server).route([HOME, VIA, MARKET]);
    expect(route.legs).toEqual([
      { durationS: 129.2, distanceM: 1772.1 },
      { durationS: 99.7, distanceM: 1183.2 },
    ]);
  });

  it('nearest snaps through a route from the point to itself', async () => {
    await start();
    const query = server.recordings.city('seoul-songpa').nearest[2]!;
    const snapped = await routerFor(server).nearest(query.query);
    expect(server.requests[0]!.body).toMatchObject({ points: [query.query, query.query] });
    expect(snapped.location).toEqual(query.location);
    expect(snapped.distanceM).toBeCloseTo(query.distance, 1);
  });

  it('bad input never leaves the process', async () => {
    await start();
    await expect(routerFor(server).table([], [HOME])).rejects.toThrow(/at least 1/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('GraphHopper errors', () => {
  it('the recorded pair with no road between its ends is NoRoute', async () => {
    await start();
    const pair = server.recordings.city('seoul-songpa').pairs.find((p) => p.code === 'NoRoute')!;
    expect((await failure(() => routerFor(server).route([pair.from, pair.to]))).code).toBe('NoRoute');
  });

  it('a point GraphHopper cannot snap ("Cannot find point") is NoSegment', async () => {
    await start();
    const f = await failure(() => routerFor(server).route([[0, 0], [127.1, 37.52]]));
    expect(f.code).toBe('NoSegment');
    expect(f.message).toContain('Cannot find point 0');
  });

  it('a request GraphHopper refuses with 400 is InvalidInput', async () => {
    await start();
    const router = await createGraphHopperRouter({ router: 'graphhopper', url: server.url, key: KEY, profile: 'spaceship' });
    const f = await failure(() => router.route([HOME, MARKET]));
    expect(f.code).toBe('InvalidInput');
    expect(f.message).toContain("profile 'spaceship' does not exist");
  });

  it('a wrong key is RoutingUnavailable that says which setting to check, and never shows the key', async () => {
    await start();
    const f = await failure(() => routerFor(server, 'my-secret-key-42').route([HOME, MARKET]));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toMatch(/GRAPHHOPPER_KEY/);
    expect(f.message + f.cause).not.toContain('my-secret-key-42');
  });

  it('a server that is down is RoutingUnavailable at once', async () => {
    await start({ mode: 'down' });
    const f = await failure(() => routerFor(server, KEY, 200, 1).route([HOME, MARKET]));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toMatch(/did not answer.*gave up after 2 attempts/);
    expect(f.ms).toBeLessThan(1000);
  });

  it('a slow server is RoutingUnavailable after the timeout and one retry', async () => {
    await start({ mode: 'slow' });
    const f = await failure(() => routerFor(server, KEY, 200, 1).table([HOME], [MARKET]));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.ms).toBeGreaterThanOrEqual(440);
    expect(f.ms).toBeLessThan(2000);
    expect(server.requests).toHaveLength(2);
  });

  it('a server answering 500 is retried, then RoutingUnavailable', async () => {
    await start({ mode: 'failing' });
    const f = await failure(() => routerFor(server, KEY, 500, 2).nearest(HOME));
    expect(f.code).toBe('RoutingUnavailable');
    expect(f.message).toContain('Internal server error');
    expect(server.requests).toHaveLength(3);
  });
});

describe('createGraphHopperRouter', () => {
  it('uses the hosted API by default, which needs a key', async () => {
    const f = await failure(() => createGraphHopperRouter({ router: 'graphhopper' }));
    expect(f.code).toBe('InvalidInput');
    expect(f.message).toContain('GRAPHHOPPER_KEY');
    await expect(createGraphHopperRouter({ router: 'graphhopper', key: 'k' })).resolves.toBeInstanceOf(GraphHopperRouter);
  });

  it('refuses a URL that does not parse', async () => {
    expect((await failure(() => createGraphHopperRouter({ router: 'graphhopper', url: 'graphhopper:8989' }))).code).toBe('InvalidInput');
  });
});
