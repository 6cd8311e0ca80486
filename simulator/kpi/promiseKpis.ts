import type { EventRecord } from '../../dispatcher/persistence/records';
import { PROMISE_CAUSES, type PromiseCause } from '../../protocol/promises';
import type { EtaLog } from './EtaLog';

/** Why a promise broke, as the dispatcher names it in `promise_broken` events ('other' also for breaks it never reported). */
export type BreakCause = PromiseCause;

interface Promise3 {
  pickupEarliestS: number;
  pickupLatestS: number;
  latestArrivalS: number;
}

/** A promise that the stops show broken: against the promise in force then (the accepted one, or where it was moved). */
export interface BrokenPromise {
  tripId: string;
  what: 'late pickup' | 'early boarding' | 'late arrival';
  byS: number;
}

/** How well promises were kept, from the event log (and the ETAs riders saw). Shares are null with nothing to count. */
export interface PromiseKpis {
  /** Picked-up trips whose vehicle was at the curb inside the ORIGINAL accepted window (a moved promise does not count) / picked-up trips. */
  onTimePickupShare: number | null;
  /** Completed trips at the destination by the ORIGINAL latest arrival / completed trips. */
  onTimeArrivalShare: number | null;
  /** Picked-up trips late for their original pickup window or latest arrival (the share riders would call late). */
  lateShare: number | null;
  /** `promise_moved` events. */
  promisesMoved: number;
  /** Trips with a broken promise (reported by a `promise_broken` event, or seen in the stop events). */
  brokenPromises: number;
  /** The same trips by cause: the first `promise_broken` event's, else 'other' (a break the dispatcher never reported). */
  brokenPromisesByCause: Partial<Record<BreakCause, number>>;
  /** Breaks seen in the stop events, against the promise in force. */
  broken: BrokenPromise[];
  /** p90 of |ETA the rider saw 10 min before the vehicle reached the pickup − when it did|, seconds. */
  etaErrorP90S: number | null;
  /** The same 5 min before. */
  etaErrorP90S5Min: number | null;
  /** Pickups with an ETA seen 10 (5) min before: how many errors the p90s are over. */
  etaSamples10Min: number;
  etaSamples5Min: number;
}

const CAUSES: ReadonlySet<string> = new Set(PROMISE_CAUSES);
/** Seconds of rounding a stop report may be late or early by without breaking anything. */
const TOLERANCE_S = 1;

/** Nearest-rank percentile of a non-empty list. */
function p90(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)];
}

/**
 * The promise KPIs of a run, recomputed from the append-only event log: the accepted promises from `trip_accepted`,
 * moves from `promise_moved`, breaks from `promise_broken` and from the stop events, on-time shares against the
 * original promise. ETA errors need the rider-visible ETAs (`etas`); without them they are null.
 */
export function promiseKpis(events: readonly EventRecord[], etas?: EtaLog): PromiseKpis {
  const original = new Map<string, Promise3>();
  const current = new Map<string, Promise3>();
  const atPickup = new Map<string, number>();
  const atDropoff = new Map<string, number>();
  const pickedUp = new Set<string>();
  const completed = new Set<string>();
  const causeOf = new Map<string, BreakCause>();
  const seenBroken = new Set<string>();
  const broken: BrokenPromise[] = [];
  let promisesMoved = 0;
  const breaks = (trip: string, what: BrokenPromise['what'], byS: number) => {
    seenBroken.add(trip);
    broken.push({ tripId: trip, what, byS });
  };
  for (const e of events) {
    const trip = e.tripId ?? (typeof e.payload.tripId === 'string' ? e.payload.tripId : '');
    switch (e.type) {
      case 'trip_accepted': {
        const p = e.payload.promise as unknown as Promise3;
        original.set(trip, p);
        current.set(trip, p);
        break;
      }
      case 'promise_moved': {
        promisesMoved++;
        const after = e.payload.after as unknown as Promise3 | undefined;
        if (after) current.set(trip, after);
        break;
      }
      case 'promise_broken': {
        const cause = String(e.payload.cause);
        if (!causeOf.has(trip)) causeOf.set(trip, (CAUSES.has(cause) ? cause : 'other') as BreakCause);
        break;
      }
      case 'stop_arrived': {
        // Promises are on the start of service: the vehicle at the curb by the window's end, at the destination by the latest arrival.
        const pickup = e.payload.kind === 'pickup';
        const at = pickup ? atPickup : atDropoff;
        if (!at.has(trip)) at.set(trip, e.atS);
        const p = current.get(trip);
        if (!p) break;
        const limit = pickup ? p.pickupLatestS : p.latestArrivalS;
        if (e.atS > limit + TOLERANCE_S) breaks(trip, pickup ? 'late pickup' : 'late arrival', e.atS - limit);
        break;
      }
      case 'trip_picked_up': {
        pickedUp.add(trip);
        if (!atPickup.has(trip)) atPickup.set(trip, e.atS);
        // Boarding before the window opens breaks it too (the rider was promised not before).
        const p = current.get(trip);
        if (p && e.atS < p.pickupEarliestS - TOLERANCE_S) breaks(trip, 'early boarding', p.pickupEarliestS - e.atS);
        break;
      }
      case 'trip_completed':
        completed.add(trip);
        if (!atDropoff.has(trip)) atDropoff.set(trip, e.atS);
        break;
      default:
        break;
    }
  }
  let onTimePickups = 0;
  let late = 0;
  for (const trip of pickedUp) {
    const p = original.get(trip);
    const at = atPickup.get(trip)!;
    const inWindow = p !== undefined && at <= p.pickupLatestS + TOLERANCE_S;
    if (inWindow) onTimePickups++;
    const lateArrival = p !== undefined && (atDropoff.get(trip) ?? -Infinity) > p.latestArrivalS + TOLERANCE_S;
    if (!inWindow || lateArrival) late++;
  }
  let onTimeArrivals = 0;
  for (const trip of completed) {
    const p = original.get(trip);
    if (p && atDropoff.get(trip)! <= p.latestArrivalS + TOLERANCE_S) onTimeArrivals++;
  }
  const byCause: Partial<Record<BreakCause, number>> = {};
  const brokenTrips = new Set([...seenBroken, ...causeOf.keys()]);
  for (const trip of brokenTrips) {
    const cause = causeOf.get(trip) ?? 'other';
    byCause[cause] = (byCause[cause] ?? 0) + 1;
  }
  const errors = (leadS: number) => {
    const out: number[] = [];
    if (!etas) return out;
    for (const trip of pickedUp) {
      const actual = atPickup.get(trip)!;
      const seen = etas.seenAt(trip, actual - leadS);
      if (seen !== null) out.push(Math.abs(seen - actual));
    }
    return out;
  };
  const e10 = errors(600);
  const e5 = errors(300);
  return {
    onTimePickupShare: pickedUp.size > 0 ? onTimePickups / pickedUp.size : null,
    onTimeArrivalShare: completed.size > 0 ? onTimeArrivals / completed.size : null,
    lateShare: pickedUp.size > 0 ? late / pickedUp.size : null,
    promisesMoved,
    brokenPromises: brokenTrips.size,
    brokenPromisesByCause: byCause,
    broken,
    etaErrorP90S: p90(e10),
    etaErrorP90S5Min: p90(e5),
    etaSamples10Min: e10.length,
    etaSamples5Min: e5.length,
  };
}
