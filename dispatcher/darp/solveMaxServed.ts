import { CompiledProblem } from '../insertion/CompiledProblem';
import type { DispatchProblem } from '../insertion/model';
import { ScheduleScratch } from '../insertion/ScheduleScratch';
import { largeNeighbourhoodSearch, type LnsOptions } from '../optimizer/largeNeighbourhoodSearch';
import { Plan } from '../optimizer/Plan';

/**
 * Price of a request left out, in cost units (metres with distance weights): far above what serving one request can
 * ever add, so the search ranks plans lexicographically, most requests served first and then least driving.
 */
export const MAX_SERVED_PENALTY = 1e9;

export interface MaxServedOptions extends Pick<LnsOptions, 'seed' | 'timeLimitMs' | 'maxIterations' | 'now'> {}

export interface MaxServedSolution {
  /** Requests on a route. */
  served: number;
  /** Indices of the requests no vehicle could take within their windows. */
  unserved: number[];
  /** Route cost of the plan (the problem's weights: metres with distance weights). */
  cost: number;
  /** Stop ids per vehicle, in vehicle order (CompiledProblem numbering: 2r pickup, 2r+1 dropoff). */
  routes: number[][];
  iterations: number;
  elapsedMs: number;
}

/**
 * The dial-a-ride problem when not every request can be served (the Cordeau benchmark assumes all can): every
 * window, ride limit and capacity stays hard, and a request that fits nowhere is left out instead. Regret insertion
 * from empty routes, then the large-neighbourhood search with a penalty per request left out that dominates route
 * cost: served first, then cost.
 */
export function solveMaxServed(problem: DispatchProblem, options: MaxServedOptions = {}): MaxServedSolution {
  const compiled = new CompiledProblem(problem);
  const start = Plan.fromRoutes(compiled, new ScheduleScratch(compiled));
  const result = largeNeighbourhoodSearch(start, { ...options, unassignedPenalty: MAX_SERVED_PENALTY });
  const plan = result.plan;
  return {
    served: compiled.requestCount - plan.unassigned.length,
    unserved: plan.unassigned.slice().sort((a, b) => a - b),
    cost: plan.routeCost(),
    routes: plan.toVehicleRoutes().map((r) => r.stops.slice()),
    iterations: result.iterations,
    elapsedMs: result.elapsedMs,
  };
}
