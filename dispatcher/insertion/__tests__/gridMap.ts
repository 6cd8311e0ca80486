import { DenseTravelTimes } from '../TravelTimes';

/** A point of a grid map: column and row in cells, north up. */
export type GridPoint = readonly [x: number, y: number];

/**
 * Parse an ASCII grid map into named points. Every other character is a cell (so `a . b` is three cells wide),
 * letters and digits name points, `.` and spaces are empty. Common indentation is ignored.
 *
 *     a . b
 *     . . .      a = (0, 0), b = (2, 0), c = (0, -2), d = (2, -2)
 *     c . d
 */
export function parseGridMap(map: string): Map<string, GridPoint> {
  const lines = map.split('\n').filter((line) => line.trim() !== '');
  const indent = Math.min(...lines.map((line) => line.length - line.trimStart().length));
  const points = new Map<string, GridPoint>();
  lines.forEach((line, row) => {
    const text = line.slice(indent);
    for (let col = 0; col < text.length; col++) {
      const ch = text[col];
      if (/[A-Za-z0-9]/.test(ch)) {
        if (col % 2 !== 0) throw new Error(`grid map: '${ch}' in row ${row} is not on a cell (odd column ${col})`);
        if (points.has(ch)) throw new Error(`grid map: '${ch}' appears twice`);
        points.set(ch, [col / 2, -row]);
      }
    }
  });
  return points;
}

export type GridMetric = 'manhattan' | 'euclidean';

/** Travel times between the named points (in the map's order) at `secondsPerCell`, distances in cells. */
export function gridTravelTimes(
  points: Map<string, GridPoint>,
  metric: GridMetric = 'manhattan',
  secondsPerCell = 60,
): { travelTimes: DenseTravelTimes; node: (name: string) => number } {
  const names = [...points.keys()];
  const n = names.length;
  const durations = new Float64Array(n * n);
  const distances = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const [xa, ya] = points.get(names[a])!;
      const [xb, yb] = points.get(names[b])!;
      const cells = metric === 'manhattan' ? Math.abs(xa - xb) + Math.abs(ya - yb) : Math.hypot(xa - xb, ya - yb);
      durations[a * n + b] = cells * secondsPerCell;
      distances[a * n + b] = cells;
    }
  }
  const node = (name: string): number => {
    const k = names.indexOf(name);
    if (k < 0) throw new Error(`grid map has no point '${name}'`);
    return k;
  };
  return { travelTimes: new DenseTravelTimes(n, durations, distances), node };
}
