import type { TableResult } from '../../routing/Router';

/**
 * The dispatcher's view of the travel-time oracle: a dense matrix by location index.
 * The city fills it from one batched Router.table call; the DARP benchmark from Euclidean distances.
 * Unreachable pairs are +Infinity, so every constraint rejects them without a special case.
 */
export interface TravelTimes {
  /** Number of locations; valid indices are 0..size-1. */
  readonly size: number;
  durationS(from: number, to: number): number;
  distanceM(from: number, to: number): number;
}

/** Row-major matrices in flat typed arrays: entry (from, to) at from * size + to. */
export class DenseTravelTimes implements TravelTimes {
  readonly size: number;
  private readonly durations: Float64Array;
  private readonly distances: Float64Array;

  constructor(size: number, durationsS: Float64Array, distancesM: Float64Array = durationsS) {
    if (durationsS.length !== size * size || distancesM.length !== size * size) {
      throw new RangeError(`A ${size}x${size} travel-time matrix needs ${size * size} entries, got ${durationsS.length} and ${distancesM.length}`);
    }
    this.size = size;
    this.durations = durationsS;
    this.distances = distancesM;
  }

  durationS(from: number, to: number): number {
    return this.durations[from * this.size + to];
  }

  distanceM(from: number, to: number): number {
    return this.distances[from * this.size + to];
  }
}

/** Euclidean distances between points, used as both duration and distance (the DARP benchmark's convention). */
export function euclideanTravelTimes(points: ReadonlyArray<readonly [number, number]>): DenseTravelTimes {
  const n = points.length;
  const m = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      m[a * n + b] = Math.hypot(points[a][0] - points[b][0], points[a][1] - points[b][1]);
    }
  }
  return new DenseTravelTimes(n, m, m);
}

/** From a square Router.table answer (sources = destinations = the locations in index order); null becomes +Infinity. */
export function travelTimesFromTable(table: TableResult): DenseTravelTimes {
  const n = table.durationsS.length;
  const durations = new Float64Array(n * n);
  const distances = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const dRow = table.durationsS[a];
    const mRow = table.distancesM[a];
    if (dRow.length !== n || mRow.length !== n) throw new RangeError(`travelTimesFromTable needs a square table; row ${a} has ${dRow.length} entries, expected ${n}`);
    for (let b = 0; b < n; b++) {
      durations[a * n + b] = dRow[b] ?? Infinity;
      distances[a * n + b] = mRow[b] ?? Infinity;
    }
  }
  return new DenseTravelTimes(n, durations, distances);
}
