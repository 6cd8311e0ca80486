import { mkdtempSync, rmSync } from 'node:fs';
import type { LngLat } from '../Router';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinRouter } from './BuiltinRouter';
import { distanceM } from '../geo';
import { gridNetwork, GRID_SPACING_M } from './testing/gridExtract';
import { loadPrepared, savePrepared } from './storage';
import { RoutingError } from '../errors';

const RESIDENTIAL_S_PER_100M = (100 * 3.6) / 25; // 14.4 s at 25 km/h

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'Ok';
  } catch (e) {
    if (e instanceof RoutingError) return e.code;
    throw e;
  }
}

describe('built-in router on drawn networks', () => {
  // a b c
  // d e f
  const square = gridNetwork(
    `
    a b c
    d e f
    `,
    [
      ['abc', { highway: 'residential' }],
      ['def', { highway: 'residential' }],
      ['ad', { highway: 'residential' }],
      ['cf', { highway: 'residential', oneway: 'yes' }],
      ['be', { highway: 'footway' }],
    ],
  );
  const router = new BuiltinRouter(square.prepare());

  test('a straight street: a to c takes 400 m at residential speed', async () => {
    const r = await router.route([square.at('a'), square.at('c')]);
    expect(r.distanceM).toBeCloseTo(4 * GRID_SPACING_M, -1);
    expect(r.durationS).toBeCloseTo(4 * RESIDENTIAL_S_PER_100M, 0);
    expect(r.legs).toHaveLength(1);
  });

  test('a one-way street is driven only its way: c to f direct, f to c around the block', async () => {
    const down = await router.route([square.at('c'), square.at('f')]);
    const up = await router.route([square.at('f'), square.at('c')]);
    expect(down.distanceM).toBeCloseTo(GRID_SPACING_M, -1);
    expect(up.distanceM).toBeCloseTo(9 * GRID_SPACING_M, -1); // f e d a b c
  });

  test('a footway is never driven: b to e goes around', async () => {
    const r = await router.route([square.at('b'), square.at('e')]);
    expect(r.distanceM).toBeGreaterThan(5 * GRID_SPACING_M);
  });

  test('a point between nodes snaps onto the segment, not to the nearest node', async () => {
    const mid = square.between('a', 'b', 0.3);
    const offRoad: [number, number] = [mid[0], mid[1] + 0.0002]; // about 22 m north of the street
    const n = await router.nearest(offRoad);
    expect(distanceM(n.location, mid)).toBeLessThan(1);
    expect(n.distanceM).toBeGreaterThan(20);
    expect(n.distanceM).toBeLessThan(25);
  });

  test('a trip along one street between two mid-segment points uses only that stretch', async () => {
    const r = await router.route([square.between('a', 'b', 0.2), square.between('b', 'c', 0.6)]);
    expect(r.distanceM).toBeCloseTo(0.8 * 2 * GRID_SPACING_M + 0.6 * 2 * GRID_SPACING_M, -1);
  });

  test('three points give two legs that add up to the route', async () => {
    const r = await router.route([square.at('a'), square.at('c'), square.at('f')]);
    expect(r.legs).toHaveLength(2);
    expect(r.legs[0].durationS + r.legs[1].durationS).toBeCloseTo(r.durationS, 6);
    expect(distanceM(r.geometry.coordinates[0], square.at('a'))).toBeLessThan(1);
    expect(distanceM(r.geometry.coordinates[r.geometry.coordinates.length - 1], square.at('f'))).toBeLessThan(1);
  });

  test('the table agrees with point-to-point routes and has zeros on the diagonal', async () => {
    const pts = ['a', 'b', 'c', 'd', 'e', 'f'].map((ch) => square.at(ch));
    const t = await router.table(pts, pts);
    for (let i = 0; i < pts.length; i++) {
      expect(t.durationsS[i][i]).toBe(0);
      for (let j = 0; j < pts.length; j++) {
        if (i === j) continue;
        const r = await router.route([pts[i], pts[j]]);
        expect(t.durationsS[i][j]).toBeCloseTo(r.durationS, 6);
        expect(t.distancesM[i][j]).toBeCloseTo(r.distanceM, 6);
      }
    }
  });

  test('a table asked again over the same points (snaps and search spaces kept) answers exactly as a fresh router does', async () => {
    const points: LngLat[] = [square.at('a'), square.between('a', 'b', 0.3), square.at('c'), square.between('d', 'e', 0.6), square.at('f')];
    const curb = points.map(() => 'curb' as const);
    const fresh = new BuiltinRouter(square.prepare()).tableSync(points.map((p) => [p[0], p[1]] as LngLat), points, { destinationApproaches: curb });
    const first = router.tableSync(points, points, { destinationApproaches: curb });
    const again = router.tableSync(points, points, { destinationApproaches: curb });
    const copies = router.tableSync(points.map((p) => [p[0], p[1]] as LngLat), points.map((p) => [p[0], p[1]] as LngLat), { destinationApproaches: curb });
    expect(first.durationsS).toEqual(fresh.durationsS);
    expect(first.distancesM).toEqual(fresh.distancesM);
    expect(again).toEqual(first);
    expect(copies).toEqual(first);
    // the same points reached without the curb rule are other ends, searched on their own
    const plain = router.tableSync(points, points);
    expect(plain.durationsS).toEqual(new BuiltinRouter(square.prepare()).tableSync(points, points).durationsS);
  });

  test('a coordinate array changed in place is snapped again, not answered from what was kept for it', async () => {
    const moving: [number, number] = [...square.at('a')];
    const before = router.tableSync([moving], [square.at('f')]);
    const c = square.at('c');
    moving[0] = c[0];
    moving[1] = c[1];
    const after = router.tableSync([moving], [square.at('f')]);
    expect(after.durationsS).toEqual(router.tableSync([c], [square.at('f')]).durationsS);
    expect(after.durationsS[0][0]).not.toEqual(before.durationsS[0][0]);
  });

  test('bad input is refused with InvalidInput before any search', async () => {
    expect(await code(router.route([]))).toBe('InvalidInput');
    expect(await code(router.route([square.at('a')]))).toBe('InvalidInput');
    expect(await code(router.route([square.at('a'), [NaN, 37.5]]))).toBe('InvalidInput');
    expect(await code(router.route([square.at('a'), [127.1, 95]]))).toBe('InvalidInput');
    expect(await code(router.nearest([37.5, 127.1]))).toBe('InvalidInput'); // swapped
    expect(await code(router.table([], [square.at('a')]))).toBe('InvalidInput');
  });

  test('a point far from every road is refused with NoSegment', async () => {
    expect(await code(router.nearest([127.2, 37.6]))).toBe('NoSegment');
    expect(await code(router.route([square.at('a'), [127.2, 37.6]]))).toBe('NoSegment');
  });

  test('a table with one point far from every road answers null for that point only', async () => {
    const far: LngLat = [127.2, 37.6];
    const t = await router.table([square.at('a'), far, [0, 0]], [square.at('b'), far]);
    expect(t.durationsS[0][0]).toBeGreaterThan(0);
    expect(t.durationsS[0][1]).toBeNull();
    expect(t.durationsS[1]).toEqual([null, null]);
    expect(t.durationsS[2]).toEqual([null, null]);
    expect(t.distancesM[1]).toEqual([null, null]);
    expect(t.sources![1]).toEqual({ location: far, distanceM: Infinity, name: '' });
  });
});

describe('unreachable places', () => {
  // a-b is the town; x-y is a street 3 km east that no road joins (beyond the 2 km fallback).
  // f lies behind a bollard at g.
  const island = gridNetwork(
    `
    a b                              x y
      g f
    `,
    [
      ['ab', { highway: 'residential' }],
      ['xy', { highway: 'residential' }],
      ['bgf', { highway: 'residential' }],
    ],
    { g: { barrier: 'bollard' } },
  );
  const router = new BuiltinRouter(island.prepare());

  test('a street cut off farther than the fallback limit is unreachable: null in the table, NoRoute for route', async () => {
    const t = await router.table([island.at('a')], [island.between('x', 'y'), island.at('b')]);
    expect(t.durationsS[0][0]).toBeNull();
    expect(t.distancesM[0][0]).toBeNull();
    expect(t.durationsS[0][1]).not.toBeNull();
    expect(await code(router.route([island.at('a'), island.between('x', 'y')]))).toBe('NoRoute');
  });

  test('a bollard stops cars: a trip to f ends at the bollard', async () => {
    const r = await router.route([island.at('b'), island.at('f')]);
    const end = r.geometry.coordinates[r.geometry.coordinates.length - 1];
    expect(distanceM(end, island.at('g'))).toBeLessThan(1);
  });
});

describe('storage', () => {
  test('a prepared network saved to disk loads back to identical answers', async () => {
    const grid = gridNetwork('a b c\nd e f', [
      ['abc', { highway: 'primary' }],
      ['def', { highway: 'secondary', oneway: '-1' }],
      ['ad', { highway: 'tertiary' }],
      ['cf', { highway: 'tertiary' }],
    ]);
    const prepared = grid.prepare();
    const dir = mkdtempSync(join(tmpdir(), 'anystop-router-'));
    try {
      savePrepared(dir, prepared, 'grid', '2026-01-01T00:00:00.000Z');
      const loaded = new BuiltinRouter(loadPrepared(dir));
      const fresh = new BuiltinRouter(prepared);
      const pts = ['a', 'b', 'c', 'd', 'e', 'f'].map((ch) => grid.at(ch));
      expect(await loaded.table(pts, pts)).toEqual(await fresh.table(pts, pts));
      expect(await loaded.route([grid.at('f'), grid.at('a')])).toEqual(await fresh.route([grid.at('f'), grid.at('a')]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder without a prepared router says how to make one', () => {
    expect(() => loadPrepared(tmpdir() + '/no-such-router')).toThrow(/routing prepare/);
  });
});

describe('route timing along the line', () => {
  test('segment durations follow each road’s speed and add up to the route time', async () => {
    // a-b-c is a primary road (65 km/h), c-d a living street (10 km/h).
    const g = gridNetwork('a b c d', [
      ['abc', { highway: 'primary' }],
      ['cd', { highway: 'living_street' }],
    ]);
    const router = new BuiltinRouter(g.prepare());
    const r = await router.route([g.at('a'), g.at('d')]);
    const segs = r.segmentDurationsS!;
    expect(segs).toHaveLength(r.geometry.coordinates.length - 1);
    expect(segs.reduce((s, x) => s + x, 0)).toBeCloseTo(r.durationS, 6);
    // The last 200 m on the living street take longer than the first 400 m on the primary road.
    expect(segs[segs.length - 1]).toBeGreaterThan(segs[0] + segs[1]);
  });
});
