import { withUnreachablePair } from '../contract/replay/withUnreachablePair';
import { isRoutingError, type RoutingErrorCode } from '../errors';
import { retryPolicyFrom } from '../http/RetryPolicy';
import type { LngLat } from '../Router';
import { osrmError } from './osrmError';
import { OsrmRouter, type OsrmRouterOptions } from './OsrmRouter';
import { OsrmReplayServer } from './testing/OsrmReplayServer';

const HOME: LngLat = [127.109301, 37.51282];
const MARKET: LngLat = [127.104385, 37.521982];

let server: OsrmReplayServer;
const songpa = () => server.recordings.city('seoul-songpa');
const routerFor = (s: OsrmReplayServer, options: Partial<OsrmRouterOptions> = {}) =>
  new OsrmRouter({ baseUrl: s.url, policy: retryPolicyFrom({ timeoutMs: 2000, retries: 0 }), ...options });

async function codeOf(promise: Promise<unknown>): Promise<RoutingErrorCode | unknown> {
  try {
    await promise;
  } catch (e) {
    return isRoutingError(e) ? e.code : e;
  }
  return 'resolved';
}

beforeEach(async () => {
  server = await new OsrmReplayServer().start();
});
afterEach(async () => {
  await server.close();
});

describe('OSRM requests', () => {
  it('read exactly like the recorded ones, so the replay answers with the real bodies', async () => {
    const router = routerFor(server);
    const five = songpa().table.points.slice(0, 5);
    await router.route([HOME, MARKET]);
    await router.table(five, five);
    await router.table(five.slice(0, 2), five.slice(2));
    await router.nearest(HOME);
    for (const req of server.requests) expect(server.recordings.exchange(req.url)?.file).toBeDefined();
    expect(server.requests.map((r) => server.recordings.exchange(r.url)!.file)).toEqual([
      'raw/route-two-points.json',
      'raw/table-5x5-duration-distance.json',
      'raw/table-sources-destinations.json',
      'raw/nearest-one.json',
    ]);
  });

  it('never leave the process for bad input', async () => {
    const router = routerFor(server);
    await expect(router.route([HOME])).rejects.toThrow(/at least 2/);
    await expect(router.nearest([37.5, 127.1])).rejects.toThrow(/swapped/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('OSRM tables', () => {
  it('a 120-stop table over 50 distinct points is one request: repeated points are sent once', async () => {
    const points = Array.from({ length: 120 }, (_, i) => songpa().table.points[i % 50]!);
    const table = await routerFor(server).table(points, points);
    expect(server.requests).toHaveLength(1);
    expect(table.durationsS).toEqual(server.recordings.table(points, points)!.durationsS);
    expect(table.distancesM).toEqual(server.recordings.table(points, points)!.distancesM);
  });

  it('a 120-stop table bigger than the max table size is split into 12 blocks and stitched back exactly', async () => {
    // Only 50 distinct points were recorded, so the server and client limits go down to 30 to force a split.
    const small = await new OsrmReplayServer({ recordings: server.recordings, maxTableSize: 30 }).start();
    try {
      const points = Array.from({ length: 120 }, (_, i) => songpa().table.points[(i * 7) % 50]!);
      const table = await routerFor(small, { maxTableSize: 30 }).table(points, points);
      // 50 distinct × 50 distinct in blocks of 13 rows + 17 columns: 4 row bands × 3 column bands.
      expect(small.requests).toHaveLength(12);
      for (const req of small.requests) {
        const coordinates = req.url.split('?')[0]!.split('/').pop()!.split(';');
        expect(coordinates.length).toBeLessThanOrEqual(30);
      }
      const recorded = small.recordings.table(points, points)!;
      expect(table.durationsS).toEqual(recorded.durationsS);
      expect(table.distancesM).toEqual(recorded.distancesM);
    } finally {
      await small.close();
    }
  });

  it('3 vehicles to 50 stops over a limit of 30 is 2 requests of 3 rows each', async () => {
    const small = await new OsrmReplayServer({ recordings: server.recordings, maxTableSize: 30 }).start();
    try {
      const stops = songpa().table.points;
      const vehicles = stops.slice(10, 13);
      const table = await routerFor(small, { maxTableSize: 30 }).table(vehicles, stops);
      expect(small.requests).toHaveLength(2);
      expect(table.durationsS).toEqual(small.recordings.table(vehicles, stops)!.durationsS);
    } finally {
      await small.close();
    }
  });

  it('a pair with no route stays null in the table, as OSRM sends it', async () => {
    const gap = await new OsrmReplayServer({ recordings: withUnreachablePair() }).start();
    try {
      const stops = songpa().table.points.slice(0, 3);
      const table = await routerFor(gap).table(stops, stops);
      expect(table.durationsS[0]![1]).toBeNull();
      expect(table.distancesM[0]![1]).toBeNull();
      expect(table.durationsS[1]![0]).toBe(gap.recordings.table(stops, stops)!.durationsS[1]![0]);
    } finally {
      await gap.close();
    }
  });

  it('a server with a smaller max table size than configured answers TooBig', async () => {
    const small = await new OsrmReplayServer({ recordings: server.recordings, maxTableSize: 10 }).start();
    try {
      const points = songpa().table.points;
      expect(await codeOf(routerFor(small).table(points, points))).toBe('TooBig');
    } finally {
      await small.close();
    }
  });
});

describe('OSRM routes', () => {
  it('the recorded pair with no road between its ends is NoRoute', async () => {
    const pair = songpa().pairs.find((p) => p.code === 'NoRoute')!;
    expect(await codeOf(routerFor(server).route([pair.from, pair.to]))).toBe('NoRoute');
  });

  it('a stop at 0,0 that OSRM snapped 14,000 km onto Seoul is NoSegment, not a route', async () => {
    const err = await routerFor(server).route([[0, 0], [127.1, 37.52]]).catch((e: unknown) => e);
    expect(isRoutingError(err) && err.code).toBe('NoSegment');
    expect(String(err)).toMatch(/points\[0\] is 14026929 m from the nearest road/);
  });

  it('polyline6 geometry decodes to the same [lon, lat] line as GeoJSON', async () => {
    const geojson = await routerFor(server).route([HOME, MARKET]);
    const encoded = await routerFor(server, { geometries: 'polyline6' }).route([HOME, MARKET]);
    expect(server.requests[1]!.url).toContain('geometries=polyline6');
    expect(encoded.geometry.coordinates).toHaveLength(geojson.geometry.coordinates.length);
    encoded.geometry.coordinates.forEach((c, i) => {
      expect(c[0]).toBeCloseTo(geojson.geometry.coordinates[i]![0], 6);
      expect(c[1]).toBeCloseTo(geojson.geometry.coordinates[i]![1], 6);
    });
    expect(encoded.durationS).toBe(108.8);
  });
});

describe('OSRM error bodies', () => {
  it.each([
    ['raw/error-invalid-url.json', 'InvalidInput'],
    ['raw/error-invalid-value-lat-out-of-range.json', 'InvalidInput'],
    ['raw/error-one-coordinate-route.json', 'InvalidInput'],
    ['raw/error-too-big-table-120.json', 'TooBig'],
    ['raw/error-unknown-service.json', 'RoutingUnavailable'],
  ])('the recorded %s becomes %s', async (file, code) => {
    const exchange = server.recordings.raw.find((x) => x.file === file)!;
    const err = await routerFor(server).client.request(exchange.request).catch((e: unknown) => e);
    expect(isRoutingError(err) && err.code).toBe(code);
    expect(String(err)).toContain((exchange.body as { message: string }).message);
  });

  it.each([
    ['NoRoute', 'NoRoute'],
    ['NoSegment', 'NoSegment'],
    ['TooBig', 'TooBig'],
    ['InvalidQuery', 'InvalidInput'],
    ['InvalidValue', 'InvalidInput'],
    ['InvalidOptions', 'InvalidInput'],
    ['SomethingNew', 'RoutingUnavailable'],
  ])('code %s maps to %s and keeps the body as cause', (osrmCode, code) => {
    const err = osrmError({ code: osrmCode, message: 'why' }, 400, 'http://osrm');
    expect(err.code).toBe(code);
    expect(err.cause).toEqual({ status: 400, body: { code: osrmCode, message: 'why' } });
  });

  it('an unknown request gets the replay server’s InvalidQuery, as InvalidInput', async () => {
    expect(await codeOf(routerFor(server).route([[127.1, 37.5], [127.11, 37.51]]))).toBe('InvalidInput');
  });
});

describe('curb approaches on tables', () => {
  /** A fake OSRM that answers every table with zeros and keeps the URLs asked. */
  function capturing(): { urls: string[]; fetchImpl: typeof fetch } {
    const urls: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      urls.push(decodeURIComponent(url.pathname + url.search));
      const n = url.pathname.split('/').pop()!.split(';').length;
      const pick = (name: string) => url.searchParams.get(name)?.split(';').map(Number) ?? [...Array(n).keys()];
      const [s, d] = [pick('sources'), pick('destinations')];
      const waypoint = { location: [127.1, 37.5], distance: 1, name: '' };
      const body = { code: 'Ok', durations: s.map(() => d.map(() => 0)), distances: s.map(() => d.map(() => 0)), sources: s.map(() => waypoint), destinations: d.map(() => waypoint) };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    return { urls, fetchImpl };
  }

  it('go to OSRM as its approaches, one per coordinate; a point asked both ways is sent once per approach', async () => {
    const fake = capturing();
    const router = new OsrmRouter({ baseUrl: 'http://osrm.test', policy: retryPolicyFrom({ timeoutMs: 2000, retries: 0 }), fetchImpl: fake.fetchImpl });
    // The bus stands at HOME (any side); HOME is also a stop (curb) and MARKET a stop.
    const t = await router.table([HOME, HOME], [HOME, MARKET], { sourceApproaches: [null, 'curb'], destinationApproaches: ['curb', 'curb'] });
    expect(t.durationsS).toEqual([[0, 0], [0, 0]]);
    expect(fake.urls).toEqual([`/table/v1/driving/${HOME.join(',')};${HOME.join(',')};${MARKET.join(',')}?sources=0;1&destinations=1;2&approaches=;curb;curb&annotations=duration,distance`]);
  });

  it('without approaches the request is as before (no approaches parameter)', async () => {
    const fake = capturing();
    const router = new OsrmRouter({ baseUrl: 'http://osrm.test', policy: retryPolicyFrom({ timeoutMs: 2000, retries: 0 }), fetchImpl: fake.fetchImpl });
    await router.table([HOME], [MARKET]);
    expect(fake.urls).toEqual([`/table/v1/driving/${HOME.join(',')};${MARKET.join(',')}?sources=0&destinations=1&annotations=duration,distance`]);
  });
});
