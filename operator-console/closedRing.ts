/** A closed GeoJSON ring from the corners: the first point again at the end. */
export function closedRing(corners: readonly [number, number][]): [number, number][] {
  const ring = corners.map((c) => [c[0], c[1]] as [number, number]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}
