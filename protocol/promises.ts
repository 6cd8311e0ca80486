/**
 * Promises kept under pressure (issue 13): why a promise is at risk, moved or broken, as the event log, the rider
 * page and the planner KPIs name it.
 */
export const PROMISE_CAUSES = ['traffic', 'no_show_wait', 'off_route', 'vehicle_breakdown', 'other'] as const;
export type PromiseCause = (typeof PROMISE_CAUSES)[number];

/** A rider's promise moved later because the old one could not be kept: when, and why. */
export interface PromiseMovedNotice {
  cause: PromiseCause;
  atS: number;
}

/** POST /vehicles/:id/out-of-service: what became of the vehicle's riders. */
export interface OutOfServiceResult {
  vehicleId: string;
  /** Riders not yet picked up now on another vehicle, their promise kept. */
  replanned: string[];
  /** Riders re-planned onto another vehicle with a later promise (they were told, cause vehicle_breakdown). */
  moved: string[];
  /** Riders no other vehicle can take: they were told their promise is broken; the operator must act. */
  unserved: string[];
  /** Riders on board the broken-down vehicle: flagged for the operator. */
  onBoard: string[];
}
