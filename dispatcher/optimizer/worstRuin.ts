import type { ScheduleScratch } from '../insertion/ScheduleScratch';
import type { Plan } from './Plan';
import type { Random } from './Random';
import { biasedIndex, type RuinOperator } from './RuinOperator';

/** Bias towards the costliest requests: 1 would be uniform, larger is greedier. */
export const WORST_RUIN_POWER = 3;

/**
 * Removes the requests that cost most where they are: the distance and vehicle time saved by taking their two
 * stops out (O(1) each from the neighbours), plus their own priced wait and ride. Randomised by WORST_RUIN_POWER.
 */
export const worstRuin: RuinOperator = {
  name: 'worst',
  ruin(plan: Plan, count: number, scratch: ScheduleScratch, rng: Random): void {
    const p = plan.problem;
    const tt = p.travelTimes;
    const w = p.weights;
    const movable = plan.movableRequests();
    const gain = new Float64Array(p.requestCount);
    for (const r of movable) {
      const route = plan.route(plan.routeOf[r]);
      const a = route.positionOf(2 * r);
      const b = route.positionOf(2 * r + 1);
      const node = (k: number): number => p.node[route.stops[k]];
      let dist: number;
      let time: number;
      if (b === a + 1) {
        dist = tt.distanceM(node(a - 1), node(a)) + tt.distanceM(node(a), node(b)) + tt.distanceM(node(b), node(b + 1)) - tt.distanceM(node(a - 1), node(b + 1));
        time = tt.durationS(node(a - 1), node(a)) + tt.durationS(node(a), node(b)) + tt.durationS(node(b), node(b + 1)) - tt.durationS(node(a - 1), node(b + 1));
      } else {
        dist =
          tt.distanceM(node(a - 1), node(a)) + tt.distanceM(node(a), node(a + 1)) - tt.distanceM(node(a - 1), node(a + 1)) +
          tt.distanceM(node(b - 1), node(b)) + tt.distanceM(node(b), node(b + 1)) - tt.distanceM(node(b - 1), node(b + 1));
        time =
          tt.durationS(node(a - 1), node(a)) + tt.durationS(node(a), node(a + 1)) - tt.durationS(node(a - 1), node(a + 1)) +
          tt.durationS(node(b - 1), node(b)) + tt.durationS(node(b), node(b + 1)) - tt.durationS(node(b - 1), node(b + 1));
      }
      const wait = route.earliestS[a] - p.earliestS[2 * r];
      const ride = route.earliestS[b] - route.earliestS[a] - p.serviceS[2 * r];
      gain[r] = w.distance * dist + w.vehicleTime * time + w.riderWait * wait + w.riderRide * ride;
    }
    movable.sort((x, y) => gain[y] - gain[x]);
    const n = Math.min(count, movable.length);
    const victims: number[] = [];
    for (let k = 0; k < n; k++) {
      const pick = biasedIndex(movable.length, WORST_RUIN_POWER, rng);
      victims.push(movable[pick]);
      movable.splice(pick, 1);
    }
    plan.removeAll(victims, scratch);
  },
};
