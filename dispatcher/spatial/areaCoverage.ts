import type { LngLat } from '../../routing/Router';
import { pointInPolygon } from './pointInPolygon';

/** A MultiPolygon's coordinates: polygons, each an outer ring then its holes, in [lon, lat] degrees. */
export type MultiPolygonCoordinates = ReadonlyArray<ReadonlyArray<ReadonlyArray<LngLat>>>;

export type Coverage = 'inside' | 'outside' | 'unsure';

const EARTH_RADIUS_M = 6_371_008.8;
const M_PER_DEG = (Math.PI / 180) * EARTH_RADIUS_M;
/** Distance to an edge under which the planar answer is not trusted, whatever the edge's length. */
const BASE_MARGIN_M = 5;
/** Beyond these latitudes (or across the antimeridian) the planar test is not used at all. */
const MAX_ABS_LAT = 80;

/**
 * Whether active service areas cover a point, as far as a planar test in lon/lat can tell PostGIS's answer
 * (`ST_Covers` on geography, edges along great circles) without asking it: 'inside' or 'outside' when the point is
 * far enough from every edge that the great-circle edge and the straight lon/lat edge cannot fall on different sides
 * of it, else 'unsure' (ask PostGIS). The margin grows with the edge: a great-circle arc of length L leaves the straight
 * lon/lat line by about L²·tan(lat)/(8R); the margin is 5 m + L²/R, which covers that up to 80° of latitude with room.
 * Areas that reach past ±80° or span more than 180° of longitude are always 'unsure'.
 */
export function areaCoverage(point: LngLat, areas: readonly MultiPolygonCoordinates[]): Coverage {
  const [lon, lat] = point;
  if (Math.abs(lat) > MAX_ABS_LAT) return 'unsure';
  const cosLat = Math.cos((lat * Math.PI) / 180);
  let inside = false;
  for (const area of areas) {
    for (const polygon of area) {
      for (const ring of polygon) {
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1]!;
          const b = ring[i]!;
          if (Math.abs(a[1]) > MAX_ABS_LAT || Math.abs(b[1]) > MAX_ABS_LAT || Math.abs(a[0] - b[0]) > 180) return 'unsure';
          // Local metres around the point (equirectangular at its latitude).
          const ax = (a[0] - lon) * cosLat * M_PER_DEG;
          const ay = (a[1] - lat) * M_PER_DEG;
          const bx = (b[0] - lon) * cosLat * M_PER_DEG;
          const by = (b[1] - lat) * M_PER_DEG;
          const dx = bx - ax;
          const dy = by - ay;
          const length2 = dx * dx + dy * dy;
          const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
          const cx = ax + t * dx;
          const cy = ay + t * dy;
          const margin = BASE_MARGIN_M + length2 / EARTH_RADIUS_M;
          // Twice the margin: the local metres are themselves approximate over a long edge.
          if (cx * cx + cy * cy < 4 * margin * margin) return 'unsure';
        }
      }
      if (!inside && pointInPolygon(point, polygon as ReadonlyArray<ReadonlyArray<LngLat>>)) inside = true;
    }
  }
  return inside ? 'inside' : 'outside';
}
