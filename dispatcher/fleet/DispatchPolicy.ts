import type { CostWeights } from '../insertion/model';
import { CITY_COST_WEIGHTS } from '../insertion/model';
import type { Router } from '../../routing/Router';
import type { DecisionTrace } from '../requests/DecisionTrace';

/** The service rules a planner sets, with their defaults. Seconds unless named otherwise. */
/**
 * pooled: Anystop's insertion into any schedule. nearestIdle: the classic taxi baseline the what-if runs
 * compare against: one rider at a time, the idle vehicle nearest to the pickup.
 */
export type DispatchMode = 'pooled' | 'nearestIdle';

export interface DispatchPolicy {
  mode: DispatchMode;
  /** Pickup no later than this after the requested time. */
  maxWaitS: number;
  /** Ride time at most rideFactor · direct + rideExtraS. */
  rideFactor: number;
  rideExtraS: number;
  /** Dwell at every stop. */
  serviceS: number;
  /** The promised pickup window runs from this before the planned pickup ... */
  promiseBeforeS: number;
  /** ... to this after it (both clipped to the request's own window). */
  promiseAfterS: number;
  /** The promised arrival is the planned one plus this (clipped to the ride limit). */
  arrivalSlackS: number;
  /**
   * Seconds kept in reserve on every promise when planning: estimates drift (GPS, traffic), so a new rider may
   * not take a promised rider's last minute. Never tightens a promise below what the current plan needs.
   */
  promiseMarginS: number;
  /**
   * A new offer plans its pickup with at least this share of the time until the window ends in reserve
   * (promiseReserveS), when more than the margin: an estimate errs more the farther ahead it looks, so a pickup 14 min
   * out is not promised with one minute to spare. Existing riders keep the margin (a larger reserve on them too cost
   * Songpa 2-7 points of served share for little more on time; docs/benchmarks.md, issue 13).
   */
  promiseMarginShare: number;
  /** At most this many vehicles get an insertion check per request (nearest first). */
  maxCandidates: number;
  /** ...plus up to this many of the nearest idle vehicles, searched apart, so busy ones never crowd them out. */
  maxIdleCandidates: number;
  /** Fastest a vehicle may be assumed to drive, for the candidate radius (m/s). */
  candidateSpeedMps: number;
  /** How long an offer can be accepted. */
  offerTtlS: number;
  /** A driver may report a no-show after waiting this long at the pickup (from the window's opening if early)... */
  noShowWaitS: number;
  /** ...or sooner, when a longer wait would break another rider's promise, but never before this. */
  minNoShowWaitS: number;
  /** An Arrived or Dropped off reported farther than this from the stop (metres) needs the driver's confirmation and is logged as off-site. */
  offSiteStopM: number;
  /** A stop report queued while the console was offline keeps its own time, but never older than this. */
  maxQueuedReportAgeS: number;
  /** The longest shift a vehicle may be started for; a longer one is refused (ShiftTooLong). */
  maxShiftS: number;
  /** Farthest a rider is asked to walk from where they are to the curb the vehicle stops at, and from the drop-off on (m). */
  maxWalkM: number;
  /** Pickup and drop-off closer than this (straight line, m) is no ride: TooShort, not a loop around the block. */
  minRideM: number;
  weights: CostWeights;
  /**
   * While a vehicle in view stands idle, the rider's wait and ride weigh this many times more (spare vehicles serve
   * riders sooner instead of pooling them). Default 1: measured on both extracts, 2 served no more riders and kept the
   * wait no nearer the baseline's, but sent an idle vehicle where a bus passing by could pool the rider, up to 17 %
   * more vehicle-km per passenger-km (docs/benchmarks.md, dispatch quality). Above 1 it is a planner's choice.
   */
  idleRiderWeightFactor: number;
  /**
   * When a vehicle runs late: re-sequence its plan, move not-yet-picked-up riders to other vehicles, and only then
   * move (and tell) the promises that still cannot be kept. Off: risks are detected and logged, nothing is re-planned
   * (the simulator's "what if nothing had been re-planned").
   */
  reactToRisk: boolean;
  /** Observed leg times update per-hour speed factors, and decisions drive each leg at its hour's factor. */
  learnSpeedFactors: boolean;
  /** Observer of every decision and its candidates (a what-if's trace); absent in service, which costs nothing. */
  trace?: DecisionTrace;

  // ---- Meeting points (issue 14 §3) ----
  /** Propose a pickup or drop-off at a meeting point a short walk away when that saves the vehicle time. */
  meetingPoints: boolean;
  /** Farthest walk to or from a meeting point (m) where the zone sets none. */
  meetingPointMaxWalkM: number;
  /** A walking pace riders keep (m/s), for the walk counted in the promise. */
  walkSpeedMps: number;
  /** Walking distance over the straight line: streets are not straight, so the estimate errs long. */
  walkDetourFactor: number;
  /** Meeting points tried at each end of a trip, nearest first (each one more decision). */
  meetingPointsPerEnd: number;
  /** A meeting point is proposed only when it saves the vehicle at least this many seconds over the curb. */
  meetingPointMinSavingS: number;

  // ---- Rebalancing (issue 10: idle vehicles toward expected demand) ----
  /** Send idle vehicles toward the cells where past days of the same hour had pickups (dispatcher/rebalancing/). */
  rebalance: boolean;
  /** Seconds between two rebalancing passes. */
  rebalanceEveryS: number;
  /** Side of the demand heatmap's square cells (m). */
  rebalanceCellM: number;
  /** Past days of the same hour the heatmap reads. */
  rebalancePastDays: number;
  /** The heatmap covers this much of the coming time (s) on each past day. */
  rebalanceWindowS: number;
  /** A vehicle idle for less than this stays where its last rider got off. */
  rebalanceMinIdleS: number;
  /** Farthest a vehicle is sent, straight line (m). */
  rebalanceMaxMoveM: number;
  /** A cell draws vehicles only when it expects at least this many pickups an hour. */
  rebalanceMinPerHour: number;
}

export const DEFAULT_POLICY: DispatchPolicy = Object.freeze({
  mode: 'pooled' as DispatchMode,
  maxWaitS: 15 * 60,
  rideFactor: 1.5,
  rideExtraS: 5 * 60,
  serviceS: 30,
  promiseBeforeS: 2 * 60,
  promiseAfterS: 8 * 60,
  arrivalSlackS: 8 * 60,
  promiseMarginS: 60,
  promiseMarginShare: 0.15,
  maxCandidates: 24,
  maxIdleCandidates: 6,
  candidateSpeedMps: 60 / 3.6,
  offerTtlS: 120,
  noShowWaitS: 3 * 60,
  minNoShowWaitS: 60,
  offSiteStopM: 150,
  maxQueuedReportAgeS: 15 * 60,
  maxShiftS: 16 * 3600,
  maxWalkM: 600,
  minRideM: 300,
  weights: CITY_COST_WEIGHTS,
  idleRiderWeightFactor: 1,
  reactToRisk: true,
  learnSpeedFactors: true,
  // Meeting points (issue 14 §3)
  meetingPoints: true,
  meetingPointMaxWalkM: 250,
  walkSpeedMps: 1.2,
  walkDetourFactor: 1.3,
  meetingPointsPerEnd: 2,
  meetingPointMinSavingS: 60,
  // Rebalancing (issue 10)
  rebalance: false,
  rebalanceEveryS: 120,
  rebalanceCellM: 600,
  rebalancePastDays: 7,
  rebalanceWindowS: 3600,
  rebalanceMinIdleS: 120,
  rebalanceMaxMoveM: 2500,
  rebalanceMinPerHour: 1,
});

export function maxRideS(policy: DispatchPolicy, directS: number): number {
  return policy.rideFactor * directS + policy.rideExtraS;
}

/** The weights a plan is made with: the policy's, with the rider's terms scaled up while some vehicle stands idle. */
export function planningWeights(policy: Pick<DispatchPolicy, 'weights' | 'idleRiderWeightFactor'>, someVehicleIdle: boolean): CostWeights {
  if (!someVehicleIdle || policy.idleRiderWeightFactor === 1) return policy.weights;
  const f = policy.idleRiderWeightFactor;
  return { ...policy.weights, riderWait: policy.weights.riderWait * f, riderRide: policy.weights.riderRide * f };
}

/**
 * The policy on a router's network: the candidate radius and the reach check from the fastest road the router knows
 * (a motorway city reaches farther than 60 km/h allows, a 50 km/h town less far), or the policy's own speed for a
 * backend that cannot tell (OSRM, GraphHopper over HTTP).
 */
export function policyForNetwork(router: Pick<Router, 'topSpeedMps'>, policy: DispatchPolicy = DEFAULT_POLICY): DispatchPolicy {
  const top = router.topSpeedMps?.();
  return top !== undefined && Number.isFinite(top) && top > 0 ? { ...policy, candidateSpeedMps: top } : policy;
}
