import { isRoutingError } from '../../routing/errors';
import type { LngLat, Router } from '../../routing/Router';
import { pointInPolygon } from '../spatial/pointInPolygon';

/**
 * Whether a point is near a drivable road: true, false (the router cannot snap it: NoSegment), or null when the
 * router cannot tell right now (down, slow); a caller then keeps what it knew.
 */
export async function snapsToRoad(router: Router, point: LngLat): Promise<boolean | null> {
  try {
    await router.nearest(point);
    return true;
  } catch (e) {
    if (!isRoutingError(e)) throw e;
    if (e.code === 'NoSegment') return false;
    if (e.code === 'RoutingUnavailable') return null;
    throw e;
  }
}

/**
 * How far a point is from the nearest drivable road (m): 'off' when the router cannot snap it (NoSegment), null when
 * the router cannot tell right now.
 */
export async function distanceToRoadM(router: Router, point: LngLat): Promise<number | 'off' | null> {
  try {
    return (await router.nearest(point)).distanceM;
  } catch (e) {
    if (!isRoutingError(e)) throw e;
    if (e.code === 'NoSegment') return 'off';
    if (e.code === 'RoutingUnavailable') return null;
    throw e;
  }
}

/** Probe points of a polygon per outer ring: its vertex mean and its vertices, at most this many in all. */
export const SERVICE_AREA_PROBES = 64;

/**
 * Whether a service area holds a road: some probe point (each polygon's vertex mean, then its vertices) snaps onto a
 * road that lies inside the area. null when the router cannot tell right now.
 */
export async function areaHasRoad(router: Router, polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<LngLat>>>): Promise<boolean | null> {
  const probes: LngLat[] = [];
  for (const rings of polygons) {
    const outer = rings[0] ?? [];
    if (outer.length === 0) continue;
    const mean: LngLat = [outer.reduce((s, p) => s + p[0], 0) / outer.length, outer.reduce((s, p) => s + p[1], 0) / outer.length];
    probes.push(mean, ...outer);
  }
  let unknown = false;
  for (const p of probes.slice(0, SERVICE_AREA_PROBES)) {
    try {
      const snapped = await router.nearest(p);
      if (polygons.some((rings) => pointInPolygon(snapped.location, rings))) return true;
    } catch (e) {
      if (!isRoutingError(e)) throw e;
      if (e.code === 'RoutingUnavailable') unknown = true;
      else if (e.code !== 'NoSegment') throw e;
    }
  }
  return unknown ? null : false;
}
