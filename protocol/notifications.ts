/**
 * What a rider is told as their trip goes (issue 14 §4), on the rider channel (a `notification` message) and through
 * the email/SMS adapter. Structured, so each page says it in its own language. Times are epoch seconds.
 */

import type { PromiseCause } from './promises';
import type { VehicleBadge } from './trips';

// Why a promise moved: the causes the risk work names (protocol/promises.ts).
export { PROMISE_CAUSES, type PromiseCause } from './promises';

/** "The bus is 2 minutes away" is sent once its planned arrival at the pickup is this close. */
export const NOTIFY_VEHICLE_NEAR_S = 120;

export type RiderNotification =
  /** The vehicle is about to reach the pickup. */
  | { kind: 'vehicle_near'; tripId: string; atS: number; pickupEta: number; minutesAway: number }
  /** The driver reported arriving at the pickup; it waits until waitsUntil (null: unknown). */
  | { kind: 'vehicle_at_pickup'; tripId: string; atS: number; waitsUntil: number | null }
  /** The promised pickup window moved (traffic, a breakdown...): the new window, and why. */
  | { kind: 'pickup_moved'; tripId: string; atS: number; pickupEarliest: number; pickupLatest: number; latestArrival: number; cause: PromiseCause }
  /**
   * The trip moved to another vehicle (a re-optimization, an operator's move, a breakdown): the one to look for now,
   * and the one it replaces, as a rider recognises them at the curb (null: not known).
   */
  | { kind: 'vehicle_changed'; tripId: string; atS: number; vehicle: VehicleBadge | null; previous: VehicleBadge | null }
  /** The ride is over: when it started and ended, and the walks of a meeting point trip. */
  | { kind: 'trip_summary'; tripId: string; atS: number; pickedUpAt: number | null; droppedOffAt: number | null; rideS: number | null; walkM: number };

export type RiderNotificationKind = RiderNotification['kind'];
