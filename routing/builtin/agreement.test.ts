import { readFileSync } from 'node:fs';
import { CITIES, sharedPath } from '../../test-support/sharedData';
import type { LngLat } from '../Router';
import { BuiltinRouter } from './BuiltinRouter';
import { prepareRouter } from './prepare';

/**
 * The built-in router against a real OSRM server (car.lua, CH) on the same extracts: the recorded
 * routes in ../shared/osrm-samples. Goals from the routing issue (#12): durations median ≤ 2 % and
 * p90 ≤ 8 %, distances p90 ≤ 5 %. The built-in router follows car.lua and OSRM's edge-based graph
 * (turn penalties, restrictions, U-turn rules), so the bounds hold without tuning to these files.
 */
interface RecordedPair {
  from: LngLat;
  to: LngLat;
  duration?: number;
  distance?: number;
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

const relative = (ours: number, theirs: number) => Math.abs(ours - theirs) / Math.max(theirs, 1);

describe.each(CITIES)('agreement with real OSRM on %s', (city) => {
  let router: BuiltinRouter;
  const recording = JSON.parse(readFileSync(sharedPath('osrm-samples', `${city}.json`), 'utf8')) as {
    pairs: RecordedPair[];
    table: { points: LngLat[]; durations: (number | null)[][]; distances: (number | null)[][] };
  };

  beforeAll(async () => {
    router = new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', `${city}.osm.pbf`)));
  });

  test('route durations: median ≤ 2 %, p90 ≤ 8 %; distances: p90 ≤ 5 %', async () => {
    const durations: number[] = [];
    const distances: number[] = [];
    const routed = recording.pairs.filter((p) => p.duration !== undefined && p.distance !== undefined);
    for (const p of routed) {
      const r = await router.route([p.from, p.to]);
      durations.push(relative(r.durationS, p.duration!));
      distances.push(relative(r.distanceM, p.distance!));
    }
    expect(durations.length).toBeGreaterThanOrEqual(290);
    const figures = {
      durationMedian: quantile(durations, 0.5),
      durationP90: quantile(durations, 0.9),
      distanceMedian: quantile(distances, 0.5),
      distanceP90: quantile(distances, 0.9),
    };
    expect(figures.durationMedian).toBeLessThanOrEqual(0.02);
    expect(figures.durationP90).toBeLessThanOrEqual(0.08);
    expect(figures.distanceMedian).toBeLessThanOrEqual(0.02);
    expect(figures.distanceP90).toBeLessThanOrEqual(0.05);
  });

  test('the 50×50 table agrees within the same bounds', async () => {
    const t = await router.table(recording.table.points, recording.table.points);
    const durations: number[] = [];
    const distances: number[] = [];
    recording.table.durations.forEach((row, i) =>
      row.forEach((theirs, j) => {
        const ours = t.durationsS[i][j];
        if (i === j || theirs === null) return;
        expect(ours).not.toBeNull();
        durations.push(relative(ours!, theirs));
        distances.push(relative(t.distancesM[i][j]!, recording.table.distances[i][j]!));
      }),
    );
    expect(quantile(durations, 0.5)).toBeLessThanOrEqual(0.02);
    expect(quantile(durations, 0.9)).toBeLessThanOrEqual(0.08);
    expect(quantile(distances, 0.5)).toBeLessThanOrEqual(0.02);
    expect(quantile(distances, 0.9)).toBeLessThanOrEqual(0.05);
  });

  test('at least 95 % of the points OSRM snapped lie on one of our roads (within 5 m)', async () => {
    const snaps: number[] = [];
    for (const p of recording.pairs) for (const q of [p.from, p.to]) snaps.push((await router.nearest(q)).distanceM);
    const onRoad = snaps.filter((d) => d < 5).length / snaps.length;
    expect(onRoad).toBeGreaterThanOrEqual(0.95);
  });
});
