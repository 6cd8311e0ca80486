import type { BestInsertionFinder } from '../insertion/BestInsertionFinder';
import type { RouteState } from '../insertion/RouteState';
import type { Plan } from './Plan';
import type { Random } from './Random';
import { IMPROVEMENT_EPS } from './relocate';

/**
 * Exchange: swap two requests between two vehicles, each going to its best place on the other's route, when that
 * lowers the plan's cost. One pass over pairs, first improvement; routes without each request are cached and
 * refreshed only for the routes a move changes. Returns the number of swaps made.
 */
export function exchange(plan: Plan, finder: BestInsertionFinder, rng: Random): number {
  const scratch = finder.scratch;
  const R = plan.problem.requestCount;
  const without: Array<RouteState | null> = new Array<RouteState | null>(R).fill(null);
  const saving = new Float64Array(R);
  const prepare = (r: number): void => {
    const from = plan.route(plan.routeOf[r]);
    const w = from.clone();
    w.removeRequest(r, scratch);
    without[r] = w;
    saving[r] = from.cost - w.cost;
  };
  const requests = rng.shuffle(plan.movableRequests());
  for (const r of requests) prepare(r);
  let moves = 0;
  for (let x = 0; x < requests.length; x++) {
    for (let y = x + 1; y < requests.length; y++) {
      const r = requests[x];
      const s = requests[y];
      const vr = plan.routeOf[r];
      const vs = plan.routeOf[s];
      if (vr === vs || vr < 0 || vs < 0) continue;
      const bound = saving[r] + saving[s];
      if (bound <= IMPROVEMENT_EPS) continue;
      const cS = finder.bestInRoute(without[r]!, s);
      if (bound - cS <= IMPROVEMENT_EPS) continue;
      const sI = finder.pickupAfter;
      const sJ = finder.dropoffAfter;
      const cR = finder.bestInRoute(without[s]!, r);
      if (bound - cS - cR <= IMPROVEMENT_EPS) continue;
      const rI = finder.pickupAfter;
      const rJ = finder.dropoffAfter;
      const before = plan.routeCost();
      const undo = [plan.route(vr).toVehicleRoute().stops, plan.route(vs).toVehicleRoute().stops];
      plan.remove(r, scratch);
      plan.remove(s, scratch);
      plan.insert(s, vr, sI, sJ, scratch);
      plan.insert(r, vs, rI, rJ, scratch);
      if (plan.routeCost() >= before - IMPROVEMENT_EPS) {
        restore(plan, vr, vs, r, s, undo, finder);
        continue;
      }
      moves++;
      for (const q of requests) if (plan.routeOf[q] === vr || plan.routeOf[q] === vs) prepare(q);
    }
  }
  return moves;
}

/** Put both routes back as they were (only needed when the wait/ride estimate misled). */
function restore(plan: Plan, vr: number, vs: number, r: number, s: number, undo: number[][], finder: BestInsertionFinder): void {
  const scratch = finder.scratch;
  plan.remove(r, scratch);
  plan.remove(s, scratch);
  for (const [v, stops, q] of [
    [vr, undo[0], r],
    [vs, undo[1], s],
  ] as const) {
    const a = stops.indexOf(2 * q);
    const b = stops.indexOf(2 * q + 1);
    plan.insert(q, v, a, b - 1, scratch);
  }
}
