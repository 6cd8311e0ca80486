import type { BestInsertionFinder } from '../insertion/BestInsertionFinder';
import type { Plan } from './Plan';
import type { Random } from './Random';

/** Smallest gain that counts as an improvement (cost units). */
export const IMPROVEMENT_EPS = 1e-7;

/**
 * Relocate: move one request to the best place on any route (another vehicle or elsewhere on its own),
 * when that lowers the plan's cost. One pass over the movable requests in random order, first improvement.
 * Returns the number of moves made.
 */
export function relocate(plan: Plan, finder: BestInsertionFinder, rng: Random): number {
  const scratch = finder.scratch;
  let moves = 0;
  for (const r of rng.shuffle(plan.movableRequests())) {
    const v = plan.routeOf[r];
    if (v < 0) continue;
    const from = plan.route(v);
    const without = from.clone();
    without.removeRequest(r, scratch);
    const saving = from.cost - without.cost;
    let bestGain = IMPROVEMENT_EPS;
    let bestU = -1;
    let bestI = -1;
    let bestJ = -1;
    for (let u = 0; u < plan.routeCount; u++) {
      const c = finder.bestInRoute(u === v ? without : plan.route(u), r);
      if (saving - c > bestGain) {
        bestGain = saving - c;
        bestU = u;
        bestI = finder.pickupAfter;
        bestJ = finder.dropoffAfter;
      }
    }
    if (bestU < 0) continue;
    const before = plan.routeCost();
    const oldI = from.positionOf(2 * r) - 1;
    const oldJ = from.positionOf(2 * r + 1) - 2;
    plan.remove(r, scratch);
    plan.insert(r, bestU, bestI, bestJ, scratch);
    if (plan.routeCost() < before - IMPROVEMENT_EPS) {
      moves++;
    } else {
      // Insertion costs estimate riders' wait and ride; when the estimate misled, put the request back.
      plan.remove(r, scratch);
      plan.insert(r, v, oldI, oldJ, scratch);
    }
  }
  return moves;
}
