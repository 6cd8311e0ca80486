import { NOTIFY_VEHICLE_NEAR_S, PROMISE_CAUSES, type PromiseCause, type RiderNotification } from '../../protocol/notifications';
import type { VehicleBadge } from '../../protocol/trips';
import type { EventRecord, TripRecord } from '../persistence/records';

/** A planned pickup as the notifier watches it: the vehicle's current plan, not yet arrived. */
export interface WatchedPickup {
  tripId: string;
  pickupEtaS: number;
  arrived: boolean;
}

/** The log events that tell a rider something, and the trip each is about. */
export const NOTIFYING_EVENTS: ReadonlySet<string> = new Set(['stop_arrived', 'promise_moved', 'trip_reassigned', 'trip_completed']);
/** Events after which nothing more is said about a trip. */
export const FINAL_EVENTS: ReadonlySet<string> = new Set(['trip_completed', 'trip_cancelled', 'trip_no_show', 'trip_rejected']);

/** A pickup planned this long ago and still not reached is no longer "2 minutes away" (the bus is late; risk says so). */
const NEAR_AFTER_ETA_S = 60;
/** Trips remembered as told "near" before the oldest are forgotten. */
const MAX_REMEMBERED = 50_000;

/**
 * When to tell a rider what (pure, no I/O, no clock of its own): from the event log, "your bus is at the pickup"
 * (the driver's arrival), "your pickup moved to 08:14 (traffic)" (promise_moved), "your bus is now Songpa 2 · 12가 3456"
 * (trip_reassigned) and the summary (trip_completed);
 * from the plan at each tick, "the bus is 2 minutes away", once per trip, when its pickup is planned within
 * NOTIFY_VEHICLE_NEAR_S.
 */
export class RiderNotifier {
  private readonly toldNear = new Set<string>();

  /** The notification an event means for its trip's rider, or null. `trip` is the trip as stored now. */
  fromEvent(
    e: EventRecord,
    trip: TripRecord | null,
    extras: { waitsUntilS?: number | null; /** The badges of a trip_reassigned's vehicles, when known. */ badges?: { from: VehicleBadge | null; to: VehicleBadge | null } } = {},
  ): RiderNotification | null {
    const tripId = e.tripId ?? (typeof e.payload.tripId === 'string' ? e.payload.tripId : null);
    if (tripId === null) return null;
    // Once the bus is at the pickup it is no longer "2 minutes away"; a finished trip is planned no more.
    if (e.type === 'stop_arrived' && e.payload.kind === 'pickup') this.toldNear.add(tripId);
    if (FINAL_EVENTS.has(e.type)) this.toldNear.delete(tripId);
    const atS = e.atS;
    if (e.type === 'stop_arrived' && e.payload.kind === 'pickup') return { kind: 'vehicle_at_pickup', tripId, atS, waitsUntil: extras.waitsUntilS ?? null };
    if (e.type === 'promise_moved') {
      const after = e.payload.after;
      if (!after || typeof after !== 'object' || Array.isArray(after)) return null;
      const { pickupEarliestS, pickupLatestS, latestArrivalS } = after as Record<string, unknown>;
      if (typeof pickupEarliestS !== 'number' || typeof pickupLatestS !== 'number' || typeof latestArrivalS !== 'number') return null;
      const cause = (PROMISE_CAUSES as readonly string[]).includes(String(e.payload.cause)) ? (e.payload.cause as PromiseCause) : 'other';
      return { kind: 'pickup_moved', tripId, atS, pickupEarliest: pickupEarliestS, pickupLatest: pickupLatestS, latestArrival: latestArrivalS, cause };
    }
    if (e.type === 'trip_reassigned') {
      // A trip already on board or finished stays on its vehicle: a move is news only while the rider still waits.
      if (trip && trip.state !== 'accepted' && trip.state !== 'assigned' && trip.state !== 'arriving') return null;
      return { kind: 'vehicle_changed', tripId, atS, vehicle: extras.badges?.to ?? null, previous: extras.badges?.from ?? null };
    }
    if (e.type === 'trip_completed') {
      const pickedUpAt = trip?.actualPickupAtS ?? null;
      const droppedOffAt = trip?.actualDropoffAtS ?? atS;
      const walkM = Math.round((trip?.walks?.toPickup?.distanceM ?? 0) + (trip?.walks?.fromDropoff?.distanceM ?? 0));
      return { kind: 'trip_summary', tripId, atS, pickedUpAt, droppedOffAt, rideS: pickedUpAt === null ? null : Math.round(droppedOffAt - pickedUpAt), walkM };
    }
    return null;
  }

  /** "The bus is N minutes away" for each pickup now planned within NOTIFY_VEHICLE_NEAR_S, once per trip. */
  due(nowS: number, pickups: Iterable<WatchedPickup>): RiderNotification[] {
    const out: RiderNotification[] = [];
    for (const p of pickups) {
      const inS = p.pickupEtaS - nowS;
      if (p.arrived || inS > NOTIFY_VEHICLE_NEAR_S || inS < -NEAR_AFTER_ETA_S || this.toldNear.has(p.tripId)) continue;
      if (this.toldNear.size >= MAX_REMEMBERED) this.toldNear.delete(this.toldNear.values().next().value!);
      this.toldNear.add(p.tripId);
      out.push({ kind: 'vehicle_near', tripId: p.tripId, atS: nowS, pickupEta: Math.round(p.pickupEtaS), minutesAway: Math.max(1, Math.ceil(inS / 60)) });
    }
    return out;
  }
}
