import type { PlannedStop } from '../fleet/FleetModel';

/** A leg being driven: to which stop, since when, and how long the router (without any factor) said it takes. */
interface OpenLeg {
  tripId: string;
  kind: PlannedStop['kind'];
  startedAtS: number;
  plannedS: number;
}

/** A completed leg: what the router planned and what the vehicle took. */
export interface ObservedLeg {
  startedAtS: number;
  plannedS: number;
  observedS: number;
}

/**
 * Times each vehicle's drive to its next stop (pure, in memory): a leg starts when the vehicle heads for a stop (it left
 * one, or a re-plan gave it a new next stop) and ends when it reports arriving there. A leg whose target changed on
 * the way is started afresh, so a sample is always one drive to one stop.
 */
export class LegTimer {
  private readonly open = new Map<string, OpenLeg>();

  /** The vehicle heads for `next` from `atS` (no-op when that leg is already being timed). */
  heading(vehicleId: string, next: PlannedStop | undefined, atS: number, plannedS: number): void {
    const cur = this.open.get(vehicleId);
    if (!next) {
      this.open.delete(vehicleId);
      return;
    }
    if (cur && cur.tripId === next.tripId && cur.kind === next.kind) return;
    this.open.set(vehicleId, { tripId: next.tripId, kind: next.kind, startedAtS: atS, plannedS });
  }

  /** The vehicle reached this stop at `atS`: the leg's sample, or null when no leg to it was being timed. */
  arrived(vehicleId: string, stop: Pick<PlannedStop, 'tripId' | 'kind'>, atS: number): ObservedLeg | null {
    const cur = this.open.get(vehicleId);
    if (!cur || cur.tripId !== stop.tripId || cur.kind !== stop.kind) return null;
    this.open.delete(vehicleId);
    return { startedAtS: cur.startedAtS, plannedS: cur.plannedS, observedS: atS - cur.startedAtS };
  }

  forget(vehicleId: string): void {
    this.open.delete(vehicleId);
  }
}
