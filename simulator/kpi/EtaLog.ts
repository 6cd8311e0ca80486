/** One change of a trip's pickup ETA as its rider saw it. */
export interface EtaSample {
  atS: number;
  /** The rider-visible pickup ETA (epoch seconds), null when the trip showed none. */
  pickupEtaS: number | null;
}

/**
 * The pickup ETAs riders saw, per trip, as a step function of time: sampled on every simulated tick from each
 * rider's own channel, keeping only the changes. The KPI "ETA error N min before pickup" reads it.
 */
export class EtaLog {
  private readonly byTrip = new Map<string, EtaSample[]>();

  record(tripId: string, atS: number, pickupEtaS: number | null): void {
    let list = this.byTrip.get(tripId);
    if (!list) this.byTrip.set(tripId, (list = []));
    const last = list[list.length - 1];
    if (last && last.pickupEtaS === pickupEtaS) return;
    list.push({ atS, pickupEtaS });
  }

  /** The ETA the rider saw at `atS` (the last change at or before it); null when there was none yet. */
  seenAt(tripId: string, atS: number): number | null {
    const list = this.byTrip.get(tripId);
    if (!list) return null;
    let seen: number | null = null;
    for (const s of list) {
      if (s.atS > atS) break;
      seen = s.pickupEtaS;
    }
    return seen;
  }

  /** True when the rider's channel showed this trip by `atS` (the trip was followed then). */
  followedBy(tripId: string, atS: number): boolean {
    const first = this.byTrip.get(tripId)?.[0];
    return first !== undefined && first.atS <= atS;
  }

  static of(samples: Record<string, EtaSample[]>): EtaLog {
    const log = new EtaLog();
    for (const [trip, list] of Object.entries(samples)) for (const s of list) log.record(trip, s.atS, s.pickupEtaS);
    return log;
  }
}
