import type { TripView } from './trips';

/**
 * Wire types of the operator API (issue 14): manual assignment with its violations, pins, driver breaks, the audit
 * trail. Plain data shared by the server and the operator console.
 */

/** What a manual move would break. Only a promise (late pickup or arrival, a ride too long) may be overridden with a reason. */
export const MOVE_VIOLATION_CODES = ['LatePickup', 'LateArrival', 'RideTooLong', 'BreakWindow', 'VehicleFull', 'ShiftEnd'] as const;
export type MoveViolationCode = (typeof MOVE_VIOLATION_CODES)[number];
/** The codes a reason can override; the others always refuse the move. */
export const OVERRIDABLE_VIOLATIONS: readonly MoveViolationCode[] = ['LatePickup', 'LateArrival', 'RideTooLong', 'BreakWindow'];

export interface MoveViolation {
  code: MoveViolationCode;
  message: string;
  /** True when an operator's reason may override it. */
  overridable: boolean;
  /** The rider's trip it concerns (promise violations). */
  tripId?: string;
  /** How much later than promised (or how much over the limit), seconds. */
  byS?: number;
}

/** POST /trips/:id/assign */
export interface AssignRequest {
  vehicleId: string;
  /** Why the operator overrides a broken promise; required when the move breaks one. */
  reason?: string;
  /** Answer the violations without committing anything. */
  dryRun?: boolean;
}

export interface AssignResponse {
  dryRun: boolean;
  committed: boolean;
  violations: MoveViolation[];
  /** When the chosen vehicle would pick the rider up and drop them off (epoch seconds). */
  plan: { vehicleId: string; pickupAt: number; dropoffAt: number };
  /** The trip as it is now (after the move, when committed). */
  trip: TripView;
}

/** POST /vehicles/:id/breaks: epoch seconds or ISO 8601 times. */
export interface BreakRequest {
  startsAt: number | string;
  endsAt: number | string;
}

export interface VehicleBreakView {
  id: number;
  vehicleId: string;
  startsAt: number;
  endsAt: number;
  createdBy: string;
}

/** One entry of GET /events (the audit trail). */
export interface AuditEvent {
  seq: number;
  at: number;
  type: string;
  tripId: string | null;
  vehicleId: string | null;
  payload: Record<string, unknown>;
}

export interface EventsPage {
  events: AuditEvent[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
}

/** Limits of the operator API, with their defaults. */
export const OPERATOR_LIMITS = {
  /** Longest driver break. */
  maxBreakS: 4 * 3600,
  /** Events per page of GET /events (default and maximum). */
  eventsPage: 100,
  eventsPageMax: 1000,
} as const;
