/**
 * Why a GeoJSON Polygon or MultiPolygon is not a valid area (RFC 7946 3.1.6 and the simple-features rules PostGIS
 * checks): each ring closed, at least four positions, longitude and latitude in range, a non-zero area, and no edge
 * crossing another edge of the same ring. Empty when it is valid. Rings are checked one by one (holes are not checked
 * against their shell).
 */
export function polygonProblems(geometry: unknown): string[] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return ['geometry is missing'];
  if (g.type === 'Polygon') return polygon(g.coordinates, 'coordinates');
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return ['coordinates: a MultiPolygon needs at least one polygon'];
    return g.coordinates.flatMap((p, i) => polygon(p, `coordinates[${i}]`));
  }
  return [`geometry.type is ${JSON.stringify(g.type)}: a zone must be a Polygon or MultiPolygon`];
}

function polygon(rings: unknown, at: string): string[] {
  if (!Array.isArray(rings) || rings.length === 0) return [`${at}: a polygon needs an outer ring`];
  return rings.flatMap((r, i) => ring(r, `${at}[${i}]`));
}

type P = [number, number];

function ring(value: unknown, at: string): string[] {
  if (!Array.isArray(value)) return [`${at}: a ring is an array of positions`];
  const pts: P[] = [];
  for (const [i, p] of value.entries()) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return [`${at}[${i}]: a position is [longitude, latitude]`];
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return [`${at}[${i}]: [${p[0]}, ${p[1]}] is outside longitude -180..180, latitude -90..90`];
    pts.push([p[0], p[1]]);
  }
  if (pts.length < 4) return [`${at}: a linear ring needs at least 4 positions, has ${pts.length}`];
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return [`${at}: a linear ring must end where it starts`];
  let area = 0;
  for (let i = 0; i + 1 < pts.length; i++) area += pts[i]![0] * pts[i + 1]![1] - pts[i + 1]![0] * pts[i]![1];
  if (area === 0) return [`${at}: the ring encloses no area`];
  const n = pts.length - 1; // edges
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a vertex
      if (segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!)) return [`${at}: edge ${i} crosses edge ${j} (the ring intersects itself)`];
    }
  }
  return [];
}

function orientation(a: P, b: P, c: P): number {
  const v = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
  return v === 0 ? 0 : v > 0 ? 1 : 2;
}

function onSegment(a: P, b: P, c: P): boolean {
  return b[0] <= Math.max(a[0], c[0]) && b[0] >= Math.min(a[0], c[0]) && b[1] <= Math.max(a[1], c[1]) && b[1] >= Math.min(a[1], c[1]);
}

function segmentsIntersect(p1: P, q1: P, p2: P, q2: P): boolean {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(p1, p2, q1)) || (o2 === 0 && onSegment(p1, q2, q1)) || (o3 === 0 && onSegment(p2, p1, q2)) || (o4 === 0 && onSegment(p2, q1, q2));
}
