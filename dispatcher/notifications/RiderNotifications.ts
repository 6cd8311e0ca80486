import type { RiderNotification } from '../../protocol/notifications';
import type { VehicleBadge } from '../../protocol/trips';
import type { Clock } from '../clock/Clock';
import type { FleetState } from '../fleet/FleetState';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { Repositories } from '../persistence/Repositories';
import type { EventRecord } from '../persistence/records';
import type { NotificationSender } from './NotificationSender';
import { FINAL_EVENTS, NOTIFYING_EVENTS, RiderNotifier, type WatchedPickup } from './RiderNotifier';

/** What the notifications read and where they go. */
export interface RiderNotificationDeps {
  repos: Pick<Repositories, 'trips'>;
  fleet: FleetState;
  clock: Clock;
  policy: DispatchPolicy;
  /** The rider channel: every open page following the trip (RealtimeHub.notifyTrip). */
  deliver: (tripId: string, notification: RiderNotification) => void;
  /** Email/SMS; the log adapter when no provider is configured. */
  sender: NotificationSender;
  log: (message: string, error?: unknown) => void;
}

/**
 * Riders kept informed: the pure notifier fed by the event log (each page the realtime hub reads) and by ticks over
 * the live plan, each notification delivered on the rider channel and handed to the email/SMS adapter.
 */
export class RiderNotifications {
  private readonly notifier = new RiderNotifier();

  constructor(private readonly deps: RiderNotificationDeps) {}

  async onEvents(events: readonly EventRecord[]): Promise<void> {
    for (const e of events) {
      const tells = NOTIFYING_EVENTS.has(e.type) && !(e.type === 'stop_arrived' && e.payload.kind !== 'pickup');
      if (!tells && !FINAL_EVENTS.has(e.type)) continue;
      const tripId = e.tripId ?? (typeof e.payload.tripId === 'string' ? e.payload.tripId : null);
      if (tripId === null) continue;
      const trip = tells ? await this.deps.repos.trips.get(tripId) : null;
      const badges = e.type === 'trip_reassigned' ? { from: this.badgeOf(e.payload.fromVehicleId), to: this.badgeOf(e.payload.toVehicleId ?? e.vehicleId) } : undefined;
      const n = this.notifier.fromEvent(e, trip, { waitsUntilS: this.waitsUntil(tripId, e.atS), ...(badges ? { badges } : {}) });
      if (n && trip) await this.emit(trip.riderId, n);
    }
  }

  /** The pickups of the live plan checked against the clock: "the bus is 2 minutes away". */
  async onTick(): Promise<void> {
    const pickups: WatchedPickup[] = [];
    for (const v of this.deps.fleet.vehicles.values()) {
      for (const s of v.stops) if (s.kind === 'pickup') pickups.push({ tripId: s.tripId, pickupEtaS: s.plannedArrivalS, arrived: s.arrivedAtS !== undefined });
    }
    for (const n of this.notifier.due(this.deps.clock.nowS(), pickups)) {
      // The rider the live plan already knows (no read per notification); the stored trip only when it does not.
      const riderId = this.deps.fleet.trips.get(n.tripId)?.riderId ?? (await this.deps.repos.trips.get(n.tripId))?.riderId;
      if (riderId !== undefined) await this.emit(riderId, n);
    }
  }

  private async emit(riderId: string, n: RiderNotification): Promise<void> {
    this.deps.deliver(n.tripId, n);
    try {
      await this.deps.sender.send(riderId, n);
    } catch (e) {
      this.deps.log(`the ${this.deps.sender.channel} notification to rider ${riderId} failed; the page got it`, e);
    }
  }

  /** Name, plate and colour of a vehicle the fleet knows (the rider never sees its id). */
  private badgeOf(vehicleId: unknown): VehicleBadge | null {
    const badge = typeof vehicleId === 'string' ? this.deps.fleet.vehicles.get(vehicleId)?.badge : undefined;
    return badge ? { ...badge } : null;
  }

  /** Until when the vehicle at a pickup waits for the rider (the no-show deadline), when the fleet knows. */
  private waitsUntil(tripId: string, arrivedAtS: number): number | null {
    const trip = this.deps.fleet.trips.get(tripId);
    const vehicle = trip?.vehicleId ? this.deps.fleet.vehicles.get(trip.vehicleId) : undefined;
    const stop = vehicle?.stops.find((s) => s.tripId === tripId && s.kind === 'pickup');
    if (!vehicle || !stop) return null;
    // The cache may not show the arrival yet when the log is read: the event's time is the arrival's.
    const arrived = stop.arrivedAtS === undefined ? { ...stop, arrivedAtS } : stop;
    const deadline = noShowAllowedAt(vehicle, arrived, this.deps.fleet.trips, this.deps.policy, arrived.arrivedAtS!);
    return Number.isFinite(deadline) ? Math.round(deadline) : null;
  }
}
