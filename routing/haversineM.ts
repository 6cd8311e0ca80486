import type { LngLat } from './Router';

/** OSRM's earth radius, so distances computed here agree with OSRM's own waypoint distances. */
const EARTH_RADIUS_M = 6372797.560856;
const DEG = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] points. */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * DEG;
  const dLon = (b[0] - a[0]) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
