import { distanceM } from '../routing/geo';
import type { LngLat, RouteResult, Router } from '../routing/Router';

/**
 * A router of straight lines at 10 m/s, in 10 segments per leg, each with its time (as OSRM's annotation): for the
 * simulated vehicle's tests, where only routes are driven (table and nearest are not used).
 */
export const lineRouter: Router = {
  name: 'straight',
  async route(points: readonly LngLat[]): Promise<RouteResult> {
    const coords: LngLat[] = [points[0]];
    for (let k = 1; k < points.length; k++) for (let i = 1; i <= 10; i++) coords.push([points[k - 1][0] + ((points[k][0] - points[k - 1][0]) * i) / 10, points[k - 1][1] + ((points[k][1] - points[k - 1][1]) * i) / 10]);
    const seg = coords.slice(1).map((p, i) => distanceM(coords[i], p) / 10);
    const durationS = seg.reduce((s, x) => s + x, 0);
    return { durationS, distanceM: durationS * 10, geometry: { type: 'LineString', coordinates: coords }, legs: [], segmentDurationsS: seg };
  },
  table: () => Promise.reject(new Error('not used')),
  nearest: () => Promise.reject(new Error('not used')),
  close: () => Promise.resolve(),
};
