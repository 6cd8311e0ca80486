/**
 * The hard constraints, one named predicate each (MATSim DRT style). Every check in the insertion core and the
 * exact schedule goes through these, so "what counts as a violation" is decided in one place.
 */

/** Tolerance on times: Euclidean travel times are sums of irrational numbers. */
export const TIME_EPS = 1e-7;

/** Infeasible insertion cost: compares greater than every feasible cost, and sums stay infeasible. */
export const INFEASIBLE = Number.POSITIVE_INFINITY;

export function violatesCapacity(loadAfter: number, capacity: number): boolean {
  return loadAfter > capacity;
}

/** Start of service after the window closes. Arriving early is never a violation: the vehicle waits. */
export function violatesTimeWindow(startS: number, latestS: number): boolean {
  return startS > latestS + TIME_EPS;
}

/** rideS = start of service at the dropoff minus end of service at the pickup. */
export function violatesMaxRideTime(rideS: number, maxRideS: number): boolean {
  return rideS > maxRideS + TIME_EPS;
}

/** Arrival back at the end depot after the shift ends. */
export function violatesShiftEnd(arrivalAtEndS: number, shiftEndS: number): boolean {
  return arrivalAtEndS > shiftEndS + TIME_EPS;
}

/** Route duration (start of service at the start to arrival at the end) above the vehicle's maximum. */
export function violatesMaxDuration(durationS: number, maxDurationS: number): boolean {
  return durationS > maxDurationS + TIME_EPS;
}

/** Why a request could not be inserted. Stable codes for the planner metrics. */
export const InsertionRejection = {
  /** Some vehicle would carry more seats or wheelchairs than it has. */
  CapacityExceeded: 'CapacityExceeded',
  /** No vehicle reaches the pickup before its window closes. */
  MaxWaitExceeded: 'MaxWaitExceeded',
  /** The rider would arrive after the latest arrival. */
  LatestArrivalExceeded: 'LatestArrivalExceeded',
  /** The rider's own ride would be longer than allowed. */
  MaxRideExceeded: 'MaxRideExceeded',
  /** A rider already promised a window or a ride time would lose it. */
  PromiseBroken: 'PromiseBroken',
  /** The vehicle could not return by the end of its shift or within its maximum duration. */
  ShiftEnds: 'ShiftEnds',
  /** No vehicle could be tried: none given, or all are locked past the point where the request fits. */
  NoVehicle: 'NoVehicle',
} as const;
export type InsertionRejection = (typeof InsertionRejection)[keyof typeof InsertionRejection];

/** Counter slots, in the order reasons are reported when counts tie. */
export const REJECTION_ORDER: readonly InsertionRejection[] = [
  'MaxWaitExceeded',
  'LatestArrivalExceeded',
  'MaxRideExceeded',
  'CapacityExceeded',
  'ShiftEnds',
  'PromiseBroken',
  'NoVehicle',
];
export const R_MAX_WAIT = 0;
export const R_LATE_ARRIVAL = 1;
export const R_MAX_RIDE = 2;
export const R_CAPACITY = 3;
export const R_SHIFT = 4;
export const R_PROMISE = 5;
export const R_NO_VEHICLE = 6;
