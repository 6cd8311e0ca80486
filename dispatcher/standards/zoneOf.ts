import type { ServiceZone } from './ServiceDescription';

/** The first zone whose polygon holds the point ([lon, lat]; even-odd rule, so holes are outside), or null. */
export function zoneOf(point: readonly [number, number], zones: readonly ServiceZone[]): ServiceZone | null {
  for (const z of zones) {
    const polygons = z.geometry.type === 'Polygon' ? [z.geometry.coordinates] : z.geometry.coordinates;
    if (polygons.some((rings) => rings.reduce((inside, ring) => (inRing(point, ring) ? !inside : inside), false))) return z;
  }
  return null;
}

function inRing([x, y]: readonly [number, number], ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
