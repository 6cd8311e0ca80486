import polyline from '@mapbox/polyline';
import { isRoutingError, type RoutingErrorCode } from '../errors';
import { retryPolicyFrom } from '../http/RetryPolicy';
import type { LngLat } from '../Router';
import { GraphHopperRouter } from './GraphHopperRouter';
import { GraphHopperFixtureServer } from './testing/GraphHopperFixtureServer';
import {
  ERROR_AS_PRINTED,
  ERROR_POINT_NOT_FOUND,
  MATRIX_EXAMPLE,
  MATRIX_UNREACHABLE,
  ROUTE_EXAMPLE,
  routeExampleAsGeoJson,
  routeExampleWithSnappedWaypoints,
} from './testing/graphHopperDocExamples';

/**
 * The GraphHopper backend against GraphHopper's own numbers: the example answers of GraphHopper's API documentation
 * (testing/graphHopperDocExamples.ts says where each comes from), served whatever the request, and what the backend
 * makes of them. The OSRM-replay contract test (contract/graphhopper.contract.test.ts) checks the Router contract
 * with OSRM's numbers in GraphHopper's format; this one checks units and shapes against GraphHopper's.
 */
const KEY = 'doc-key';
// Berlin, inside the documented route's bbox: what is asked does not matter to the fixture server
const A: LngLat = [13.3629, 52.4737];
const B: LngLat = [13.3858, 52.4695];
const C: LngLat = [13.37, 52.47];
const D: LngLat = [13.38, 52.472];

let server: GraphHopperFixtureServer;
let router: GraphHopperRouter;
beforeEach(async () => {
  server = await new GraphHopperFixtureServer().start();
  router = new GraphHopperRouter({ host: server.url, key: KEY, policy: retryPolicyFrom({ timeoutMs: 2000, retries: 0 }) });
});
afterEach(async () => {
  await router.close();
  await server.close();
});

/** The documented polyline, decoded by @mapbox/polyline (not the client's decoder), as [lon, lat]. */
const DOC_LINE: Array<[number, number]> = polyline.decode((ROUTE_EXAMPLE.body as { paths: Array<{ points: string }> }).paths[0]!.points, 5).map(([lat, lon]) => [lon, lat]);

const ROUTE_WITH_SNAPS = routeExampleWithSnappedWaypoints(polyline.encode([DOC_LINE[0]!, DOC_LINE[DOC_LINE.length - 1]!].map(([lon, lat]) => [lat, lon]), 5));

async function codeOf(call: () => Promise<unknown>): Promise<{ code: RoutingErrorCode | 'Ok'; message: string }> {
  try {
    await call();
    return { code: 'Ok', message: '' };
  } catch (e) {
    if (isRoutingError(e)) return { code: e.code, message: e.message };
    throw e;
  }
}

describe('GraphHopper backend, on the answers in GraphHopper\'s API documentation', () => {
  test('route: time in ms becomes seconds, distance stays metres, the encoded polyline becomes [lon, lat]', async () => {
    server.serve('/route', ROUTE_WITH_SNAPS);
    const route = await router.route([A, B]);
    expect(route.durationS).toBe(129.29);
    expect(route.distanceM).toBe(2138.3027624572337);
    // the polyline holds 17 points (that old example's instruction intervals stop at index 12)
    expect(DOC_LINE).toHaveLength(17);
    expect(route.geometry.coordinates).toHaveLength(17);
    route.geometry.coordinates.forEach((c, i) => {
      expect(c[0]).toBeCloseTo(DOC_LINE[i]![0], 5);
      expect(c[1]).toBeCloseTo(DOC_LINE[i]![1], 5);
    });
    // inside the documented bbox [minLon, minLat, maxLon, maxLat], so lon and lat are not swapped
    const [minLon, minLat, maxLon, maxLat] = (ROUTE_EXAMPLE.body as { paths: Array<{ bbox: number[] }> }).paths[0]!.bbox as [number, number, number, number];
    for (const [lon, lat] of route.geometry.coordinates) {
      expect(lon).toBeGreaterThanOrEqual(minLon - 1e-5);
      expect(lon).toBeLessThanOrEqual(maxLon + 1e-5);
      expect(lat).toBeGreaterThanOrEqual(minLat - 1e-5);
      expect(lat).toBeLessThanOrEqual(maxLat + 1e-5);
    }
    // no leg details in that API version: the one leg is the instructions up to the finish sign (4), summed
    expect(route.legs).toHaveLength(1);
    expect(route.legs[0]!.durationS).toBeCloseTo(129.29, 9);
    expect(route.legs[0]!.distanceM).toBeCloseTo(2138.3027624572337, 9);
    // what was asked: GeoJSON without elevation (the documented answer came encoded anyway, and was decoded in 2D)
    expect(server.requests[0]!.url).toBe(`/route?key=${KEY}`);
    expect(server.requests[0]!.body).toMatchObject({ points: [A, B], points_encoded: false, elevation: false, profile: 'car' });
  });

  test('route over three stops on that answer: no via sign (5) and no leg details, so it is refused, not guessed', async () => {
    server.serve('/route', ROUTE_WITH_SNAPS);
    const got = await codeOf(() => router.route([A, C, B]));
    expect(got.code).toBe('RoutingUnavailable');
    expect(got.message).toMatch(/3 stops/);
  });

  test('route as GeoJSON with elevation: [lon, lat, ele] loses the elevation, nearest reads snapped_waypoints', async () => {
    server.serve('/route', routeExampleAsGeoJson(DOC_LINE));
    const route = await router.route([A, B]);
    expect(route.durationS).toBe(129.29);
    expect(route.geometry.coordinates).toEqual(DOC_LINE);
    for (const c of route.geometry.coordinates) expect(c).toHaveLength(2);
    const near = await router.nearest(A);
    expect(near.location).toEqual(DOC_LINE[0]);
    expect(near.distanceM).toBeGreaterThan(0);
  });

  test('nearest reads the encoded snapped_waypoints, as [lon, lat]', async () => {
    server.serve('/route', ROUTE_WITH_SNAPS);
    const near = await router.nearest(A);
    expect(near.location[0]).toBeCloseTo(DOC_LINE[0]![0], 5);
    expect(near.location[1]).toBeCloseTo(DOC_LINE[0]![1], 5);
  });

  test('the documented answer verbatim (an older API, no snapped_waypoints, encoded): the client cannot decode it, RoutingUnavailable', async () => {
    // graphhopper-js-api-client decodes snapped_waypoints whenever points_encoded is true and throws on undefined;
    // the error reaches us without a response, like a server that did not answer
    server.serve('/route', ROUTE_EXAMPLE);
    expect((await codeOf(() => router.route([A, B]))).code).toBe('RoutingUnavailable');
    expect((await codeOf(() => router.nearest(A))).code).toBe('RoutingUnavailable');
  });

  test('a GeoJSON answer without snapped_waypoints still routes; nearest on it is unavailable, not invented', async () => {
    const geo = routeExampleAsGeoJson(DOC_LINE);
    const path = (geo.body as { paths: Array<Record<string, unknown>> }).paths[0]!;
    delete path.snapped_waypoints;
    server.serve('/route', geo);
    expect((await router.route([A, B])).distanceM).toBe(2138.3027624572337);
    const got = await codeOf(() => router.nearest(A));
    expect(got.code).toBe('RoutingUnavailable');
    expect(got.message).toMatch(/snapped_waypoints/);
  });

  test('matrix: times are already seconds and distances metres; weights are not read', async () => {
    server.serve('/matrix', MATRIX_EXAMPLE);
    const table = await router.table([A, B, C, D], [A, B, C, D]);
    const doc = MATRIX_EXAMPLE.body as { times: number[][]; distances: number[][] };
    expect(table.durationsS).toEqual(doc.times);
    expect(table.distancesM).toEqual(doc.distances);
    expect(table.durationsS[0]![1]).toBe(5831);
    expect(table.distancesM[3]![0]).toBe(198852);
    expect(server.requests[0]!.url).toBe(`/matrix?key=${KEY}`);
    expect(server.requests[0]!.body).toMatchObject({ from_points: [A, B, C, D], to_points: [A, B, C, D], out_arrays: ['times', 'distances'], fail_fast: false, profile: 'car' });
  });

  test('matrix with an unreachable pair (fail_fast=false): null there, every other cell GraphHopper\'s number', async () => {
    server.serve('/matrix', MATRIX_UNREACHABLE);
    const table = await router.table([A, B, C, D], [A, B, C, D]);
    expect(table.durationsS[1]![2]).toBeNull();
    expect(table.distancesM[1]![2]).toBeNull();
    expect(table.durationsS[1]![3]).toBe(7043);
    expect(table.distancesM[2]![1]).toBe(71409);
    const nulls = table.durationsS.flat().filter((v) => v === null);
    expect(nulls).toHaveLength(1);
  });

  test('a matrix that is not sources × destinations is refused (the documented 4×4 for a 2×2 request)', async () => {
    server.serve('/matrix', MATRIX_EXAMPLE);
    expect((await codeOf(() => router.table([A, B], [C, D]))).code).toBe('RoutingUnavailable');
  });

  test('errors: HTTP 400 {message, hints} "Cannot find point" is NoSegment, with GraphHopper\'s text and no key', async () => {
    server.serve('/route', ERROR_POINT_NOT_FOUND);
    const got = await codeOf(() => router.route([A, B]));
    expect(got.code).toBe('NoSegment');
    expect(got.message).toContain('Cannot find point 2: 2248.224673, 3.867187');
    expect(got.message).not.toContain(KEY);
    server.serve('/matrix', ERROR_POINT_NOT_FOUND);
    expect((await codeOf(() => router.table([A], [B]))).code).toBe('NoSegment');
  });

  test('errors as the docs print them: the client reports hints[0].message, so a placeholder hint is only InvalidInput', async () => {
    // graphhopper-js-api-client prefers hints[0].message over message; the printed example's hint is "something"
    server.serve('/route', ERROR_AS_PRINTED);
    const got = await codeOf(() => router.route([A, B]));
    expect(got.code).toBe('InvalidInput');
    expect(got.message).toContain('something');
  });
});
