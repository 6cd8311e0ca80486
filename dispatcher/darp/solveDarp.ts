import { CompiledProblem } from '../insertion/CompiledProblem';
import { DARP_COST_WEIGHTS, type DispatchProblem, type Request, type Vehicle } from '../insertion/model';
import { ScheduleScratch } from '../insertion/ScheduleScratch';
import { euclideanTravelTimes } from '../insertion/TravelTimes';
import { largeNeighbourhoodSearch, type LnsOptions } from '../optimizer/largeNeighbourhoodSearch';
import { Plan } from '../optimizer/Plan';
import type { DarpInstance } from './parseCordeau';

export interface DarpSolveOptions extends Pick<LnsOptions, 'seed' | 'timeLimitMs' | 'maxIterations' | 'now' | 'onNewBest'> {}

export interface DarpSolution {
  /** Non-empty routes as instance node numbers, each from 0 to 2n+1. */
  routes: number[][];
  /** Total Euclidean distance. */
  cost: number;
  /** Requests the solver could not place (0 in a solution that serves everyone). */
  unassigned: number;
  iterations: number;
  elapsedMs: number;
}

/**
 * The benchmark as a DispatchProblem on a plain Euclidean matrix: request i is node i → node n+i, every vehicle runs
 * from depot 0 to depot 2n+1 inside [0, T], for at most T, with Q seats; the objective is distance only.
 *
 * Windows are tightened by what the other constraints imply (Cordeau 2006), which changes no feasible schedule
 * but lets every bound in the insertion core bite sooner: with d = t(i, n+i) and s = service at i,
 *   e(i) >= e(0) + t(0, i)          e(i) >= e(n+i) - s - L          l(i) <= l(n+i) - s - d
 *   e(n+i) >= e(i) + s + d          l(n+i) <= l(i) + s + L          l(n+i) <= l(2n+1) - s(n+i) - t(n+i, 2n+1)
 */
export function darpToDispatchProblem(inst: DarpInstance): DispatchProblem {
  const n = inst.requestCount;
  const travelTimes = euclideanTravelTimes(inst.nodes.map((v) => [v.x, v.y] as const));
  const stop = (id: number): Request['pickup'] => ({
    node: id,
    earliestS: inst.nodes[id].earliestS,
    latestS: inst.nodes[id].latestS,
    serviceS: inst.nodes[id].serviceS,
  });
  const requests: Request[] = [];
  const L = inst.maxRideTime;
  const t = (a: number, b: number): number => travelTimes.durationS(a, b);
  for (let i = 1; i <= n; i++) {
    const P = stop(i);
    const D = stop(n + i);
    const direct = t(i, n + i);
    for (let round = 0; round < 2; round++) {
      P.earliestS = Math.max(P.earliestS, inst.nodes[0].earliestS + t(0, i), D.earliestS - P.serviceS - L);
      P.latestS = Math.min(P.latestS, D.latestS - P.serviceS - direct);
      D.earliestS = Math.max(D.earliestS, P.earliestS + P.serviceS + direct);
      D.latestS = Math.min(D.latestS, P.latestS + P.serviceS + L, inst.nodes[2 * n + 1].latestS - D.serviceS - t(n + i, 2 * n + 1));
    }
    requests.push({ pickup: P, dropoff: D, seats: inst.nodes[i].load, wheelchairs: 0, maxRideS: L });
  }
  const vehicles: Vehicle[] = [];
  for (let k = 0; k < inst.vehicles; k++) {
    vehicles.push({ start: stop(0), end: stop(2 * n + 1), seats: inst.capacity, wheelchairs: 0, maxDurationS: inst.maxRouteDuration });
  }
  return { travelTimes, requests, vehicles, weights: DARP_COST_WEIGHTS };
}

/** Solve a Cordeau instance: regret insertion from empty routes, then the large-neighbourhood search. */
export function solveDarp(inst: DarpInstance, options: DarpSolveOptions = {}): DarpSolution {
  const problem = new CompiledProblem(darpToDispatchProblem(inst));
  const start = Plan.fromRoutes(problem, new ScheduleScratch(problem));
  const result = largeNeighbourhoodSearch(start, options);
  const n = inst.requestCount;
  // Request stop ids are 2r (pickup, node r+1) and 2r+1 (dropoff, node n+r+1).
  const toNode = (id: number): number => (id % 2 === 0 ? (id >> 1) + 1 : n + (id >> 1) + 1);
  const routes = result.plan
    .toVehicleRoutes()
    .filter((r) => r.stops.length > 0)
    .map((r) => [0, ...r.stops.map(toNode), 2 * n + 1]);
  return {
    routes,
    cost: result.plan.routeCost(),
    unassigned: result.plan.unassigned.length,
    iterations: result.iterations,
    elapsedMs: result.elapsedMs,
  };
}
