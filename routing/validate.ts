import { RoutingError } from './errors';
import type { LngLat } from './Router';

/**
 * Checks one coordinate before any backend sees it. Longitude first: a pair whose first value
 * looks like a latitude and second like a longitude outside [-90, 90] is reported as swapped.
 */
export function assertLngLat(p: unknown, label = 'point'): asserts p is LngLat {
  if (!isPlainLngLat(p)) throwInvalid(p, label);
}

/** The common case, checked without building anything: two finite numbers inside the ranges. */
function isPlainLngLat(p: unknown): boolean {
  if (!Array.isArray(p) || p.length !== 2) return false;
  const lon: unknown = p[0];
  const lat: unknown = p[1];
  return typeof lon === 'number' && typeof lat === 'number' && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

/** Why a pair that failed isPlainLngLat is refused. */
function throwInvalid(p: unknown, label: string): never {
  if (!Array.isArray(p) || p.length !== 2) {
    throw new RoutingError('InvalidInput', `${label} must be a [lon, lat] pair of two numbers`);
  }
  const [lon, lat] = p as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new RoutingError('InvalidInput', `${label} must hold finite numbers, got [${String(lon)}, ${String(lat)}]`);
  }
  if (lat < -90 || lat > 90) {
    const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
    throw new RoutingError(
      'InvalidInput',
      `${label} latitude ${lat} is outside [-90, 90]` + (swapped ? ' (coordinates go [lon, lat]; were they swapped?)' : ''),
    );
  }
  if (lon < -180 || lon > 180) {
    throw new RoutingError('InvalidInput', `${label} longitude ${lon} is outside [-180, 180]`);
  }
  throw new RoutingError('InvalidInput', `${label} must be a [lon, lat] pair of two numbers`);
}

export function assertLngLatList(points: unknown, label: string, min = 1): asserts points is LngLat[] {
  if (!Array.isArray(points)) throw new RoutingError('InvalidInput', `${label} must be a list of [lon, lat] pairs`);
  if (points.length < min) {
    throw new RoutingError('InvalidInput', `${label} needs at least ${min} point${min === 1 ? '' : 's'}, got ${points.length}`);
  }
  // The label of a point is only written when it is refused (a table checks hundreds of points per call).
  for (let i = 0; i < points.length; i++) if (!isPlainLngLat(points[i])) throwInvalid(points[i], `${label}[${i}]`);
}
