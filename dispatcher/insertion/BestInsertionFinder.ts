import { CandidateBuffer } from './CandidateBuffer';
import type { CompiledProblem } from './CompiledProblem';
import {
  INFEASIBLE,
  type InsertionRejection,
  R_LATE_ARRIVAL,
  R_MAX_RIDE,
  R_MAX_WAIT,
  R_NO_VEHICLE,
  R_PROMISE,
  R_SHIFT,
  REJECTION_ORDER,
} from './constraints';
import { checkInsertionFast, FastCheck } from './checkInsertionFast';
import { generateInsertions } from './generateInsertions';
import type { RouteState } from './RouteState';
import { ScheduleFailure, ScheduleScratch } from './ScheduleScratch';

/** Where a request goes: pickup after position `pickupAfter`, dropoff after `dropoffAfter` (route positions before insertion). */
export interface Insertion {
  vehicle: number;
  /** Index of the route in the list the finder was given. */
  routeIndex: number;
  pickupAfter: number;
  dropoffAfter: number;
  cost: number;
}

export type InsertionResult = { ok: true; insertion: Insertion } | { ok: false; reason: InsertionRejection };

/** Default cap on exact re-checks per route and request: past it the route is treated as full. */
export const DEFAULT_MAX_EXACT_CHECKS = 64;

/**
 * Best-insertion finder: the cheapest place for a request that passes the pre-filter (generateInsertions)
 * and the exact schedule check. Candidates are exact-checked cheapest first, so usually only one or two are.
 * Holds its own scratch buffers: one finder per thread of work, reused for every request.
 */
export class BestInsertionFinder {
  readonly problem: CompiledProblem;
  readonly scratch: ScheduleScratch;
  private readonly buffer = new CandidateBuffer();
  /** Rejections counted since the last resetReasons(), by REJECTION_ORDER slot. */
  readonly reasons = new Int32Array(REJECTION_ORDER.length);
  /** Positions of the last successful bestInRoute. */
  pickupAfter = -1;
  dropoffAfter = -1;
  maxExactChecks = DEFAULT_MAX_EXACT_CHECKS;
  private pushed = new Float64Array(64);

  constructor(problem: CompiledProblem, scratch: ScheduleScratch = new ScheduleScratch(problem)) {
    this.problem = problem;
    this.scratch = scratch;
  }

  resetReasons(): void {
    this.reasons.fill(0);
  }

  /**
   * Cost of the cheapest feasible insertion of `request` into `route`, or INFEASIBLE (always, for a route that has
   * no feasible schedule itself, and for a request pinned to another vehicle).
   * On success, pickupAfter/dropoffAfter hold the positions.
   */
  bestInRoute(route: RouteState, request: number): number {
    // A route with no feasible schedule (a vehicle already running late) takes no one new; the search goes on.
    // (Its bounds past the failure are stale, and the fast check would read them as slack.)
    if (!route.feasible) {
      this.reasons[R_PROMISE]++;
      return INFEASIBLE;
    }
    // A trip an operator pinned stays on its vehicle: every other route is closed to it.
    const pin = this.problem.pinnedVehicle[request];
    if (pin >= 0 && pin !== route.vehicle) {
      this.reasons[R_NO_VEHICLE]++;
      return INFEASIBLE;
    }
    const buf = this.buffer;
    generateInsertions(route, request, buf, this.reasons);
    const P = 2 * request;
    const D = P + 1;
    const end = this.problem.endOf(route.vehicle);
    for (let tries = 0; tries < this.maxExactChecks; tries++) {
      const k = buf.cheapest();
      if (k < 0) break;
      const i = buf.pickupAfter[k];
      const j = buf.dropoffAfter[k];
      if (this.pushed.length < route.m) this.pushed = new Float64Array(route.m * 2);
      const fast = checkInsertionFast(route, P, i, D, j, this.pushed);
      if (fast === FastCheck.Feasible) {
        this.pickupAfter = i;
        this.dropoffAfter = j;
        return buf.cost[k];
      }
      if (fast !== FastCheck.Unknown) {
        this.reasons[fast === FastCheck.LateAtPickup ? R_MAX_WAIT : fast === FastCheck.LateAtDropoff ? R_LATE_ARRIVAL : fast === FastCheck.LateAtEnd ? R_SHIFT : R_PROMISE]++;
        buf.discard(k);
        continue;
      }
      const s = this.scratch;
      s.load(route.vehicle, route.stops, route.m, P, i, D, j);
      const failure = s.earliest();
      if (failure === ScheduleFailure.None) {
        this.pickupAfter = i;
        this.dropoffAfter = j;
        return buf.cost[k];
      }
      const at = s.stop[s.failedAt];
      if (failure === ScheduleFailure.Duration) this.reasons[R_SHIFT]++;
      else if (failure === ScheduleFailure.Ride) this.reasons[at === D ? R_MAX_RIDE : R_PROMISE]++;
      else if (at === P) this.reasons[R_MAX_WAIT]++;
      else if (at === D) this.reasons[R_LATE_ARRIVAL]++;
      else if (at === end) this.reasons[R_SHIFT]++;
      else this.reasons[R_PROMISE]++;
      buf.discard(k);
    }
    return INFEASIBLE;
  }

  /** The cheapest feasible insertion over `routes`, or the most frequent reason it failed. */
  find(routes: readonly RouteState[], request: number): InsertionResult {
    this.resetReasons();
    let best: Insertion | null = null;
    for (let k = 0; k < routes.length; k++) {
      const cost = this.bestInRoute(routes[k], request);
      if (cost < (best ? best.cost : INFEASIBLE)) {
        best = { vehicle: routes[k].vehicle, routeIndex: k, pickupAfter: this.pickupAfter, dropoffAfter: this.dropoffAfter, cost };
      }
    }
    if (best) return { ok: true, insertion: best };
    if (routes.length === 0) this.reasons[R_NO_VEHICLE]++;
    return { ok: false, reason: this.mainReason() };
  }

  /** The most frequent rejection since resetReasons() (ties: REJECTION_ORDER); NoVehicle when none was counted. */
  mainReason(): InsertionRejection {
    let best = R_NO_VEHICLE;
    let count = 0;
    for (let k = 0; k < this.reasons.length; k++) {
      if (this.reasons[k] > count) {
        count = this.reasons[k];
        best = k;
      }
    }
    return REJECTION_ORDER[best];
  }
}
