import { type CompiledProblem, requestOf } from '../insertion/CompiledProblem';
import type { VehicleRoute } from '../insertion/model';
import { RouteState } from '../insertion/RouteState';
import type { ScheduleScratch } from '../insertion/ScheduleScratch';

/** Default price of leaving a request unplanned, relative to nothing: large enough that serving everyone wins. */
export const DEFAULT_UNASSIGNED_PENALTY = 1e6;

/**
 * A fleet plan: one route per vehicle, the requests not yet on any route, and where each request is.
 * Routes are copy-on-write: clone() shares them, and the first change to a shared route copies it, so a
 * candidate plan costs only the routes it touches.
 */
export class Plan {
  readonly problem: CompiledProblem;
  private readonly routeList: RouteState[];
  /** 1 where this plan may change routeList[v] in place. */
  private readonly owned: Uint8Array;
  /** Route index of each request, or -1 when unassigned (or not part of the plan). */
  readonly routeOf: Int32Array;
  /** Requests to be placed, in no particular order. */
  unassigned: number[];

  private constructor(problem: CompiledProblem, routes: RouteState[], owned: Uint8Array, routeOf: Int32Array, unassigned: number[]) {
    this.problem = problem;
    this.routeList = routes;
    this.owned = owned;
    this.routeOf = routeOf;
    this.unassigned = unassigned;
  }

  /**
   * A plan from the routes as they stand (one per vehicle, in vehicle order; missing vehicles start empty).
   * `requests` lists the requests that must be planned; those on no route become unassigned. Default: all.
   */
  static fromRoutes(problem: CompiledProblem, scratch: ScheduleScratch, routes: readonly VehicleRoute[] = [], requests?: readonly number[]): Plan {
    const states: RouteState[] = [];
    for (let v = 0; v < problem.vehicleCount; v++) {
      const given = routes.find((r) => r.vehicle === v);
      const state = new RouteState(problem, v, given ? given.stops : [], given ? given.lockedCount : 0);
      state.refresh(scratch);
      states.push(state);
    }
    const routeOf = new Int32Array(problem.requestCount).fill(-1);
    states.forEach((route, v) => {
      for (let k = 1; k < route.m - 1; k++) routeOf[requestOf(route.stops[k])] = v;
    });
    const wanted = requests ?? [...Array(problem.requestCount).keys()];
    const unassigned = wanted.filter((r) => routeOf[r] < 0);
    return new Plan(problem, states, new Uint8Array(states.length).fill(1), routeOf, unassigned);
  }

  get routeCount(): number {
    return this.routeList.length;
  }

  /** Read-only view of route v: do not change it; use mutableRoute. */
  route(v: number): RouteState {
    return this.routeList[v];
  }

  /** Route v, copied first if another plan shares it. */
  mutableRoute(v: number): RouteState {
    if (!this.owned[v]) {
      this.routeList[v] = this.routeList[v].clone();
      this.owned[v] = 1;
    }
    return this.routeList[v];
  }

  /** Read-only list of routes (for the insertion finder). */
  get routes(): readonly RouteState[] {
    return this.routeList;
  }

  /** A copy sharing every route until one side changes it. */
  clone(): Plan {
    this.owned.fill(0);
    return new Plan(this.problem, this.routeList.slice(), new Uint8Array(this.routeList.length), this.routeOf.slice(), this.unassigned.slice());
  }

  /** Sum of route costs. */
  routeCost(): number {
    let c = 0;
    for (const r of this.routeList) c += r.cost;
    return c;
  }

  /** Route costs plus `penalty` per unassigned request. */
  cost(penalty: number): number {
    return this.routeCost() + penalty * this.unassigned.length;
  }

  /** Every route has a schedule and respects capacities. */
  isFeasible(): boolean {
    return this.routeList.every((r) => r.feasible);
  }

  /** Take request r off its route and add it to `unassigned`. */
  remove(r: number, scratch: ScheduleScratch): void {
    const v = this.routeOf[r];
    if (v < 0) return;
    this.mutableRoute(v).removeRequest(r, scratch);
    this.routeOf[r] = -1;
    this.unassigned.push(r);
  }

  /** Take several requests off their routes, refreshing each route once, and add them to `unassigned`. */
  removeAll(requests: readonly number[], scratch: ScheduleScratch): void {
    const byRoute = new Map<number, number[]>();
    for (const r of requests) {
      const v = this.routeOf[r];
      if (v < 0) continue;
      const list = byRoute.get(v);
      if (list) list.push(r);
      else byRoute.set(v, [r]);
      this.routeOf[r] = -1;
      this.unassigned.push(r);
    }
    for (const [v, list] of byRoute) this.mutableRoute(v).removeRequests(list, scratch);
  }

  /** Put request r on route v (pickup after i, dropoff after j) and drop it from `unassigned`. */
  insert(r: number, v: number, pickupAfter: number, dropoffAfter: number, scratch: ScheduleScratch): void {
    this.mutableRoute(v).insert(2 * r, pickupAfter, 2 * r + 1, dropoffAfter, scratch);
    this.routeOf[r] = v;
    const k = this.unassigned.indexOf(r);
    if (k >= 0) {
      this.unassigned[k] = this.unassigned[this.unassigned.length - 1];
      this.unassigned.pop();
    }
  }

  /** Requests the optimizer may move: on a route, picked up after the locked prefix (not on board). */
  movableRequests(): number[] {
    const out: number[] = [];
    for (const route of this.routeList) route.movableRequests(out);
    return out;
  }

  toVehicleRoutes(): VehicleRoute[] {
    return this.routeList.map((r) => r.toVehicleRoute());
  }
}
