import type { LngLat } from '../../routing/Router';

/** Whether a point lies inside a polygon (outer ring, then holes), by ray casting in lon/lat; edges count as outside. */
export function pointInPolygon(point: LngLat, rings: ReadonlyArray<ReadonlyArray<LngLat>>): boolean {
  const inRing = (ring: ReadonlyArray<LngLat>): boolean => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  if (rings.length === 0 || !inRing(rings[0])) return false;
  return !rings.slice(1).some(inRing);
}
