/** A vehicle as the revisit order sees it: its id and the version of its schedule. */
export interface Versioned {
  id: string;
  scheduleVersion: number;
}

/**
 * Which vehicle the re-optimizer visits next. A vehicle is dirty when its schedule version moved since its
 * last visit, or when it was never visited; dirty vehicles come first, in id order from where the last pick
 * left off, so each is reached within one pass. With none dirty, the vehicles simply take turns.
 */
export class RevisitQueue {
  /** Schedule version of each vehicle at its last visit. */
  private readonly visitedAt = new Map<string, number>();
  private cursor = 0;

  /** The next vehicle to visit, or undefined for an empty fleet. */
  next(vehicles: ReadonlyMap<string, Versioned>): string | undefined {
    const ids = [...vehicles.keys()].sort();
    if (ids.length === 0) return undefined;
    for (let k = 0; k < ids.length; k++) {
      const at = (this.cursor + k) % ids.length;
      if (this.isDirty(vehicles.get(ids[at])!)) {
        this.cursor = at + 1;
        return ids[at];
      }
    }
    const at = this.cursor % ids.length;
    this.cursor = at + 1;
    return ids[at];
  }

  /** The vehicle's plan was searched (or found to have nothing to move) at this version. */
  visited(vehicleId: string, version: number): void {
    this.visitedAt.set(vehicleId, version);
  }

  isDirty(v: Versioned): boolean {
    return this.visitedAt.get(v.id) !== v.scheduleVersion;
  }

  dirtyCount(vehicles: Iterable<Versioned>): number {
    let n = 0;
    for (const v of vehicles) if (this.isDirty(v)) n++;
    return n;
  }
}
