import type { LngLat } from '../../Router';
import type { Phantom, Seed } from './Phantom';

/** One end of a table as searched: the phantom used (the snap or its main-component fallback, curb marked) and its seeds. */
export interface TableEnd {
  readonly phantoms: Phantom[];
  readonly sourceSeeds: readonly Seed[];
  readonly targetSeeds: readonly Seed[];
}

/**
 * A point as tables use it: its snap, and the ends derived from it (which phantom, at the curb or not), each derived
 * once. The router keeps one per coordinate array, so a stop that comes back in table after table keeps the same
 * seed arrays, and the CH table finds their search spaces already searched (ChTable / SearchSpaces).
 */
export class TablePoint {
  private readonly ends: Array<TableEnd | undefined> = [undefined, undefined, undefined, undefined];

  /** `phantoms`: the snap and its fallback (SegmentIndex.snap), or null when no road lies within the snap limit. */
  constructor(
    readonly lon: number,
    readonly lat: number,
    readonly phantoms: readonly Phantom[] | null,
  ) {}

  /** Whether this is still the point at `p` (a coordinate array is never mutated, but a wrong snap must not follow if one were). */
  isAt(p: LngLat): boolean {
    return this.lon === p[0] && this.lat === p[1];
  }

  /**
   * The end searched from: the fallback on the main component when the point has one (`fallback`, OSRM's rule, see
   * BuiltinRouter's useBigComponent), else the snap itself; reached at the curb when `curb`. `seedsOf` gives the
   * chosen phantom's seeds (the router's: curb side, copies made for via-way restrictions); kept with the end.
   */
  end(fallback: boolean, curb: boolean, seedsOf: (p: Phantom) => { sourceSeeds: readonly Seed[]; targetSeeds: readonly Seed[] }): TableEnd {
    const phantoms = this.phantoms;
    if (!phantoms) throw new Error('TablePoint.end: the point has no snap (check phantoms first)');
    const slot = (fallback ? 2 : 0) + (curb ? 1 : 0);
    const known = this.ends[slot];
    if (known) return known;
    const chosen = fallback ? phantoms[phantoms.length - 1] : phantoms[0];
    const p: Phantom = curb ? { ...chosen, curb: true } : chosen;
    const made: TableEnd = { phantoms: [p], ...seedsOf(p) };
    this.ends[slot] = made;
    return made;
  }
}
