import type { LngLat } from '../../routing/Router';
import { areaCoverage } from './areaCoverage';

const square = (w: number, s: number, e: number, n: number): LngLat[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];
/** About 11 km on a side at 37.5° N, with a hole of about 2 km in the middle. */
const AREA = [[square(127.0, 37.45, 127.125, 37.55), square(127.05, 37.49, 127.075, 37.51)]];

test('far from every edge: inside, outside, and the hole counts as outside', () => {
  expect(areaCoverage([127.02, 37.47], [AREA])).toBe('inside');
  expect(areaCoverage([127.3, 37.5], [AREA])).toBe('outside');
  expect(areaCoverage([127.0625, 37.5], [AREA])).toBe('outside');
});

test('near an edge (a few metres either side): unsure, so PostGIS answers', () => {
  const metreLat = 1 / 111_195;
  expect(areaCoverage([127.06, 37.45 + 3 * metreLat], [AREA])).toBe('unsure');
  expect(areaCoverage([127.06, 37.45 - 3 * metreLat], [AREA])).toBe('unsure');
  expect(areaCoverage([127.0625, 37.49 + 2 * metreLat], [AREA])).toBe('unsure');
  // 500 m from the edge is far for an 11 km edge (margin about 5 m + 19 m).
  expect(areaCoverage([127.06, 37.45 + 500 * metreLat], [AREA])).toBe('inside');
});

test('the margin grows with the edge: 300 m from a 200 km edge is unsure, from an 11 km edge it is not', () => {
  const metreLat = 1 / 111_195;
  const wide = [[square(126.0, 37.45, 128.25, 38.5)]];
  expect(areaCoverage([127.0, 37.45 + 300 * metreLat], [wide])).toBe('unsure');
  expect(areaCoverage([127.06, 37.45 + 300 * metreLat], [AREA])).toBe('inside');
});

test('several areas: covered by any; no area: outside everywhere', () => {
  const east = [[square(127.2, 37.45, 127.3, 37.55)]];
  expect(areaCoverage([127.25, 37.5], [AREA, east])).toBe('inside');
  expect(areaCoverage([127.02, 37.47], [AREA, east])).toBe('inside');
  expect(areaCoverage([127.17, 37.5], [AREA, east])).toBe('outside');
  expect(areaCoverage([127.02, 37.47], [])).toBe('outside');
});

test('near a pole or across the antimeridian the planar test is not trusted', () => {
  expect(areaCoverage([10, 85], [AREA])).toBe('unsure');
  const across = [[square(179.5, 10, -179.5, 11)]];
  expect(areaCoverage([0, 10.5], [across])).toBe('unsure');
});
