/** A vehicle as the revisit order sees it: its id and the version of its schedule. */
export interface Versioned {
  id: string;
  scheduleVersion: number;
}

/** The id order is sorted again at least this often (calls to next), so a vehicle swapped in at equal size joins it. */
const RESORT_EVERY = 256;

/**
 * Which vehicle the re-optimizer visits next. A vehicle is dirty when its schedule version moved since its
 * last visit, or when it was never visited; dirty vehicles come first, in id order from where the last pick
 * left off, so each is reached within one pass. With none dirty, the vehicles simply take turns.
 */
export class RevisitQueue {
  /** Schedule version of each vehicle at its last visit. */
  private readonly visitedAt = new Map<string, number>();
  private cursor = 0;
  /** The fleet's ids in order, kept between calls (sorting 10,000 ids a round cost the event loop milliseconds). */
  private ids: string[] = [];
  private sortedFor: ReadonlyMap<string, Versioned> | null = null;
  private sortedSize = -1;
  private callsSinceSort = 0;

  /**
   * The next vehicle to visit, or undefined for an empty fleet (or when `skip` skips every vehicle: the ones a
   * round in progress holds).
   */
  next(vehicles: ReadonlyMap<string, Versioned>, skip: (id: string) => boolean = () => false): string | undefined {
    const ids = this.order(vehicles);
    if (ids.length === 0) return undefined;
    for (let k = 0; k < ids.length; k++) {
      const at = (this.cursor + k) % ids.length;
      const v = vehicles.get(ids[at]);
      if (v && !skip(v.id) && this.isDirty(v)) {
        this.cursor = at + 1;
        return ids[at];
      }
    }
    for (let k = 0; k < ids.length; k++) {
      const at = (this.cursor + k) % ids.length;
      if (vehicles.has(ids[at]) && !skip(ids[at])) {
        this.cursor = at + 1;
        return ids[at];
      }
    }
    return undefined;
  }

  /** The vehicle's plan was searched (or found to have nothing to move) at this version. */
  visited(vehicleId: string, version: number): void {
    this.visitedAt.set(vehicleId, version);
  }

  isDirty(v: Versioned): boolean {
    return this.visitedAt.get(v.id) !== v.scheduleVersion;
  }

  /**
   * Whether any vehicle is dirty: looked for from where the last pick left off (where the next dirty ones are), so
   * with many dirty it answers at once; `dirtyCount` goes through the whole fleet every time.
   */
  anyDirty(vehicles: ReadonlyMap<string, Versioned>): boolean {
    const ids = this.order(vehicles);
    for (let k = 0; k < ids.length; k++) {
      const v = vehicles.get(ids[(this.cursor + k) % ids.length]);
      if (v && this.isDirty(v)) return true;
    }
    return false;
  }

  /** The ids of the dirty vehicles, in the order given. */
  dirtyIds(vehicles: Iterable<Versioned>): string[] {
    const out: string[] = [];
    for (const v of vehicles) if (this.isDirty(v)) out.push(v.id);
    return out;
  }

  dirtyCount(vehicles: Iterable<Versioned>): number {
    let n = 0;
    for (const v of vehicles) if (this.isDirty(v)) n++;
    return n;
  }

  private order(vehicles: ReadonlyMap<string, Versioned>): string[] {
    if (vehicles !== this.sortedFor || vehicles.size !== this.sortedSize || ++this.callsSinceSort >= RESORT_EVERY) {
      this.ids = [...vehicles.keys()].sort();
      this.sortedFor = vehicles;
      this.sortedSize = vehicles.size;
      this.callsSinceSort = 0;
    }
    return this.ids;
  }
}
