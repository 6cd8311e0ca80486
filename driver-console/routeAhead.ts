import { distanceM } from '../routing/geo';

type LngLat = [number, number];

/**
 * The part of the route still ahead of the bus: from the bus itself, through its nearest point on the route,
 * to the stop. So the line starts at the bus and shortens as it drives, and its length is the distance left.
 */
export interface RouteAhead {
  line: LngLat[];
  /** Metres left, from the bus along the route to its end. */
  lengthM: number;
  /** Metres along the route from its start to the bus's nearest point on it. */
  alongM: number;
  /** Metres from the bus to that point: how far off the route the bus is. */
  offM: number;
}

export function routeAhead(route: readonly LngLat[], bus: LngLat | null): RouteAhead {
  if (route.length < 2) return { line: [], lengthM: 0, alongM: 0, offM: 0 };
  if (!bus) return { line: [...route], lengthM: lengthOf(route), alongM: 0, offM: 0 };
  // Nearest point on the polyline, by segment, in a local metric projection (exact enough within a city).
  const kx = Math.cos((bus[1] * Math.PI) / 180);
  let best = { d: Infinity, i: 0, p: route[0] as LngLat };
  for (let i = 0; i + 1 < route.length; i++) {
    const [a, b] = [route[i], route[i + 1]];
    const dx = (b[0] - a[0]) * kx;
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, (((bus[0] - a[0]) * kx) * dx + (bus[1] - a[1]) * dy) / len2));
    const p: LngLat = [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];
    const d = distanceM(bus, p);
    if (d < best.d) best = { d, i, p };
  }
  const line: LngLat[] = [bus, best.p, ...route.slice(best.i + 1)];
  const alongM = lengthOf(route.slice(0, best.i + 1)) + distanceM(route[best.i], best.p);
  return { line, lengthM: lengthOf(line), alongM, offM: best.d };
}

function lengthOf(line: readonly LngLat[]): number {
  let m = 0;
  for (let i = 0; i + 1 < line.length; i++) m += distanceM(line[i], line[i + 1]);
  return m;
}
