import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isRoutingError } from '../errors';
import { distanceM } from '../geo';
import type { LngLat, Router } from '../Router';
import { OsrmRecordings, type RecordedRoute } from './replay/OsrmRecordings';

export interface RouterUnderTest {
  router: Router;
  /** true: the backend replays the OSRM recordings and must match them; false: within 25% (same extract, other engine). */
  exact: boolean;
  teardown: () => Promise<void>;
  /** Exact mode only: largest difference allowed. Default 0.1 s / 0.1 m, the recordings' own rounding. */
  tolerance?: { durationS: number; distanceM: number };
  /** Exact mode only: false when the backend cannot name the street a point snaps to (GraphHopper has no nearest service). */
  nearestNames?: boolean;
}

/** How far an approximate backend may be from OSRM's number, as a fraction of it. */
export const APPROXIMATE_TOLERANCE = 0.25;
/** A route line must start and end this close to the first and last stop. */
export const GEOMETRY_END_TOLERANCE_M = 50;

const DEFAULT_EXACT_TOLERANCE = { durationS: 0.1, distanceM: 0.1 };

// Seoul Songpa, from shared/osrm-samples/raw: both ends of a trip, and the via stop of the three-point one.
const HOME: LngLat = [127.109301, 37.51282];
const VIA: LngLat = [127.097328, 37.517508];
const MARKET: LngLat = [127.104385, 37.521982];

/**
 * The behaviour every Router backend must show, as one jest suite (Colyseus-style: one contract, every
 * backend). Expected numbers come from the real OSRM recordings, read at run time, never copied here.
 */
export function describeRouterContract(label: string, setup: () => Promise<RouterUnderTest>): void {
  const recordings = OsrmRecordings.load();
  const songpa = recordings.city('seoul-songpa');
  const tablePoints = songpa.table.points.slice(0, 5);
  const twoStop = recordedRoute(recordings, [HOME, MARKET]);
  const threeStop = recordedRoute(recordings, [HOME, VIA, MARKET]);
  const offRoad = songpa.nearest[1]!;

  describe(`Router contract: ${label}`, () => {
    let sut: RouterUnderTest;
    let router: Router;

    beforeAll(async () => {
      sut = await setup();
      router = sut.router;
    });
    afterAll(async () => {
      await sut?.teardown();
    });

    const close = (actual: number | null | undefined, expected: number | null, unit: 'durationS' | 'distanceM', what: string) => {
      if (expected === null || actual === null || actual === undefined) {
        if (actual !== expected) throw new Error(`${what}: got ${actual}, recorded ${expected}`);
        return;
      }
      const allowed = sut.exact ? (sut.tolerance ?? DEFAULT_EXACT_TOLERANCE)[unit] + 1e-9 : APPROXIMATE_TOLERANCE * expected;
      if (Math.abs(actual - expected) > allowed) {
        throw new Error(`${what}: got ${actual} ${unit}, recorded ${expected} (allowed ±${allowed.toFixed(3)})`);
      }
    };

    it(`a two-stop trip across Songpa takes the recorded ${twoStop.durationS} s and ${twoStop.distanceM} m`, async () => {
      const route = await router.route([HOME, MARKET]);
      close(route.durationS, twoStop.durationS, 'durationS', 'duration');
      close(route.distanceM, twoStop.distanceM, 'distanceM', 'distance');
      expect(route.legs).toHaveLength(1);
    });

    it(`a trip with a via stop has one leg per hop (recorded ${threeStop.legs.map((l) => l.durationS).join(' + ')} s)`, async () => {
      const route = await router.route([HOME, VIA, MARKET]);
      expect(route.legs).toHaveLength(2);
      route.legs.forEach((leg, i) => {
        close(leg.durationS, threeStop.legs[i]!.durationS, 'durationS', `leg ${i} duration`);
        close(leg.distanceM, threeStop.legs[i]!.distanceM, 'distanceM', `leg ${i} distance`);
      });
      close(route.durationS, threeStop.durationS, 'durationS', 'total duration');
    });

    it('the legs of a route add up to its total', async () => {
      const route = await router.route([HOME, VIA, MARKET]);
      const sum = (k: 'durationS' | 'distanceM') => route.legs.reduce((s, l) => s + l[k], 0);
      // Each leg is rounded on its own (OSRM: 0.1), so the sum may drift by that much per leg.
      expect(Math.abs(sum('durationS') - route.durationS)).toBeLessThanOrEqual(0.1 * route.legs.length + 1e-6);
      expect(Math.abs(sum('distanceM') - route.distanceM)).toBeLessThanOrEqual(0.1 * route.legs.length + 1e-6);
    });

    it('the route line runs from the first stop to the last, in [lon, lat] order', async () => {
      const route = await router.route([HOME, VIA, MARKET]);
      const line = route.geometry.coordinates;
      expect(route.geometry.type).toBe('LineString');
      expect(line.length).toBeGreaterThanOrEqual(2);
      expect(distanceM(line[0]!, HOME)).toBeLessThanOrEqual(GEOMETRY_END_TOLERANCE_M);
      expect(distanceM(line[line.length - 1]!, MARKET)).toBeLessThanOrEqual(GEOMETRY_END_TOLERANCE_M);
      const [minLon, minLat, maxLon, maxLat] = songpa.bbox;
      for (const [lon, lat] of line) {
        expect(lon).toBeGreaterThan(minLon - 0.01);
        expect(lon).toBeLessThan(maxLon + 0.01);
        expect(lat).toBeGreaterThan(minLat - 0.01);
        expect(lat).toBeLessThan(maxLat + 0.01);
      }
    });

    it('a 5×5 table over Songpa matches the recorded table, with zeros on the diagonal', async () => {
      const table = await router.table(tablePoints, tablePoints);
      const rec = recordings.table(tablePoints, tablePoints)!;
      expectShape(table.durationsS, 5, 5);
      expectShape(table.distancesM, 5, 5);
      // Another engine agrees cell by cell only loosely (the routing issue's bounds are on median and
      // p90, see builtin/agreement.test.ts); it must agree closely on the whole and never wildly.
      const relative: number[] = [];
      for (let i = 0; i < 5; i++) {
        expect(table.durationsS[i]![i]).toBe(0);
        expect(table.distancesM[i]![i]).toBe(0);
        for (let j = 0; j < 5; j++) {
          if (sut.exact) {
            close(table.durationsS[i]![j], rec.durationsS[i]![j]!, 'durationS', `duration ${i}→${j}`);
            close(table.distancesM[i]![j], rec.distancesM[i]![j]!, 'distanceM', `distance ${i}→${j}`);
          } else if (i !== j) {
            relative.push(Math.abs(table.durationsS[i]![j]! - rec.durationsS[i]![j]!) / rec.durationsS[i]![j]!);
            relative.push(Math.abs(table.distancesM[i]![j]! - rec.distancesM[i]![j]!) / rec.distancesM[i]![j]!);
          }
        }
      }
      if (!sut.exact) {
        relative.sort((a, b) => a - b);
        expect(relative[Math.floor(relative.length / 2)]).toBeLessThanOrEqual(0.1);
        expect(relative[relative.length - 1]).toBeLessThanOrEqual(2 * APPROXIMATE_TOLERANCE);
      }
    });

    it('a table from 2 vehicles to 3 stops is 2×3, row per source, column per destination', async () => {
      const sources = tablePoints.slice(0, 2);
      const destinations = tablePoints.slice(2, 5);
      const table = await router.table(sources, destinations);
      const rec = recordings.table(sources, destinations)!;
      expectShape(table.durationsS, 2, 3);
      expectShape(table.distancesM, 2, 3);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 3; j++) {
          close(table.durationsS[i]![j], rec.durationsS[i]![j]!, 'durationS', `duration ${i}→${j}`);
          close(table.distancesM[i]![j], rec.distancesM[i]![j]!, 'distanceM', `distance ${i}→${j}`);
        }
      }
    });

    it('a point on the road snaps onto itself', async () => {
      const rec = recordings.nearest(HOME)!;
      const snapped = await router.nearest(HOME);
      expect(distanceM(snapped.location, rec.location)).toBeLessThanOrEqual(sut.exact ? 0.5 : GEOMETRY_END_TOLERANCE_M);
      expect(snapped.distanceM).toBeLessThanOrEqual(sut.exact ? rec.distanceM + 0.1 : GEOMETRY_END_TOLERANCE_M);
      expect(typeof snapped.name).toBe('string');
      if (sut.exact && sut.nearestNames !== false) expect(snapped.name).toBe(rec.name);
    });

    it(`a point beside the road snaps to where OSRM put it (${offRoad.distance.toFixed(1)} m away)`, async () => {
      const snapped = await router.nearest(offRoad.query);
      expect(distanceM(snapped.location, offRoad.location)).toBeLessThanOrEqual(sut.exact ? 0.5 : GEOMETRY_END_TOLERANCE_M);
      if (sut.exact) close(snapped.distanceM, offRoad.distance, 'distanceM', 'snap distance');
      // Whatever the engine, the reported distance is the one from the query to the snapped point.
      expect(Math.abs(snapped.distanceM - distanceM(offRoad.query, snapped.location))).toBeLessThanOrEqual(1);
    });

    const badInput: [string, (r: Router) => Promise<unknown>][] = [
      ['a route over no stops', (r) => r.route([])],
      ['a route with one stop', (r) => r.route([HOME])],
      ['a stop with NaN longitude', (r) => r.route([[NaN, 37.5], MARKET])],
      ['a stop at latitude 95', (r) => r.route([[127.1, 95], MARKET])],
      ['a stop written [lat, lon]', (r) => r.route([[37.5, 127.1], MARKET])],
      ['a table with no sources', (r) => r.table([], [HOME])],
      ['a table with a NaN destination', (r) => r.table([HOME], [[127.1, NaN]])],
      ['a nearest query written [lat, lon]', (r) => r.nearest([37.51282, 127.109301])],
    ];
    it.each(badInput)('%s is rejected as InvalidInput', async (_, call) => {
      let caught: unknown;
      try {
        await call(router);
      } catch (e) {
        caught = e;
      }
      expect(isRoutingError(caught) ? caught.code : caught).toBe('InvalidInput');
    });

    it('still routes after rejecting bad input', async () => {
      await expect(router.route([HOME])).rejects.toThrow();
      const route = await router.route([HOME, MARKET]);
      expect(route.durationS).toBeGreaterThan(0);
    });
  });
}

function recordedRoute(recordings: OsrmRecordings, points: LngLat[]): RecordedRoute {
  const rec = recordings.route(points);
  if (!rec || 'noRoute' in rec) throw new Error(`No recorded route over ${JSON.stringify(points)}`);
  return rec;
}

function expectShape(m: unknown[][], rows: number, columns: number): void {
  expect(m).toHaveLength(rows);
  for (const row of m) expect(row).toHaveLength(columns);
}
