import type { LngLat } from '../../routing/Router';

/** A square of the city with the pickups expected in it over the coming hour, from past days. */
export interface DemandCell {
  /** Stable key of the square ("col:row" on a grid of cellM metres). */
  key: string;
  /** Where a vehicle sent to this cell goes: the mean of the past pickups in it (on a road when they were). */
  center: LngLat;
  /** Pickups expected per hour (past pickups in the window, over the number of days looked back). */
  expectedPerHour: number;
}

const M_PER_DEG_LAT = 111_320;

/** The grid cell of a point: squares of `cellM` metres, measured at the latitude `referenceLat`. */
export function cellKeyOf(p: LngLat, cellM: number, referenceLat: number): string {
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((referenceLat * Math.PI) / 180);
  return `${Math.floor((p[0] * mPerDegLon) / cellM)}:${Math.floor((p[1] * M_PER_DEG_LAT) / cellM)}`;
}

/**
 * The demand heatmap of the coming hour: past pickups of the same time of day on earlier days (the caller reads
 * them), counted per grid cell and divided by the days looked back. Busiest cell first (ties by key, so the same
 * input always gives the same order).
 */
export function demandCells(pastPickups: readonly LngLat[], o: { cellM: number; days: number; windowS: number; referenceLat: number }): DemandCell[] {
  if (!(o.cellM > 0) || !(o.days > 0) || !(o.windowS > 0)) throw new RangeError('demandCells: cellM, days and windowS must be positive');
  const sums = new Map<string, { lon: number; lat: number; n: number }>();
  for (const p of pastPickups) {
    const key = cellKeyOf(p, o.cellM, o.referenceLat);
    const s = sums.get(key) ?? { lon: 0, lat: 0, n: 0 };
    s.lon += p[0];
    s.lat += p[1];
    s.n++;
    sums.set(key, s);
  }
  const perHour = 3600 / o.windowS / o.days;
  return [...sums]
    .map(([key, s]): DemandCell => ({ key, center: [s.lon / s.n, s.lat / s.n], expectedPerHour: s.n * perHour }))
    .sort((a, b) => b.expectedPerHour - a.expectedPerHour || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
