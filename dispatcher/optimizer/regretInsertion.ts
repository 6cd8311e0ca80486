import type { BestInsertionFinder } from '../insertion/BestInsertionFinder';
import type { Plan } from './Plan';
import type { Random } from './Random';

/** The "repair" half of large-neighbourhood search: put unassigned requests back on routes. */
export interface RecreateOperator {
  readonly name: string;
  recreate(plan: Plan, finder: BestInsertionFinder, rng: Random): void;
}

/** Regret stand-in for a route where the request does not fit: routes it cannot use make it more urgent. */
const NO_FIT_REGRET = 1e9;

/**
 * Regret-k insertion (Ropke & Pisinger 2006). Each round inserts the request with the largest regret, the sum over
 * h = 2..k of (h-th best route cost - best route cost): the one that loses most by waiting. k = 1 is greedy
 * cheapest insertion. Best costs per (request, route) are cached and only the changed route is re-evaluated.
 * With `noise` > 0, each cached cost gets a uniform perturbation in [-noise, +noise] (clamped at 0).
 * Requests that fit nowhere stay unassigned.
 */
export function regretInsertion(k: number, noise = 0): RecreateOperator {
  const name = `${k === 1 ? 'greedy' : `regret${k}`}${noise > 0 ? '+noise' : ''}`;
  return {
    name,
    recreate(plan: Plan, finder: BestInsertionFinder, rng: Random): void {
      const reqs = rng.shuffle(plan.unassigned.slice());
      const n = reqs.length;
      const V = plan.routeCount;
      if (n === 0 || V === 0) return;
      const kk = Math.max(1, Math.min(k, V));
      const cost = new Float64Array(n * V);
      const posI = new Int32Array(n * V);
      const posJ = new Int32Array(n * V);
      const active = new Uint8Array(n).fill(1);
      const top = new Float64Array(kk);

      const evaluate = (a: number, v: number): void => {
        let c = finder.bestInRoute(plan.route(v), reqs[a]);
        if (c !== Infinity && noise > 0) c = Math.max(0, c + noise * (2 * rng.next() - 1));
        cost[a * V + v] = c;
        posI[a * V + v] = finder.pickupAfter;
        posJ[a * V + v] = finder.dropoffAfter;
      };
      for (let a = 0; a < n; a++) for (let v = 0; v < V; v++) evaluate(a, v);

      for (let left = n; left > 0; left--) {
        let bestA = -1;
        let bestV = -1;
        let bestRegret = -Infinity;
        let bestFirst = Infinity;
        for (let a = 0; a < n; a++) {
          if (!active[a]) continue;
          top.fill(Infinity);
          let argFirst = -1;
          for (let v = 0; v < V; v++) {
            const c = cost[a * V + v];
            if (c >= top[kk - 1]) continue;
            if (c < top[0]) argFirst = v;
            let h = kk - 1;
            while (h > 0 && top[h - 1] > c) {
              top[h] = top[h - 1];
              h--;
            }
            top[h] = c;
          }
          if (argFirst < 0) continue; // fits nowhere
          let regret = 0;
          for (let h = 1; h < kk; h++) regret += top[h] === Infinity ? NO_FIT_REGRET : top[h] - top[0];
          if (regret > bestRegret || (regret === bestRegret && top[0] < bestFirst)) {
            bestRegret = regret;
            bestFirst = top[0];
            bestA = a;
            bestV = argFirst;
          }
        }
        if (bestA < 0) break;
        const cell = bestA * V + bestV;
        plan.insert(reqs[bestA], bestV, posI[cell], posJ[cell], finder.scratch);
        active[bestA] = 0;
        for (let a = 0; a < n; a++) if (active[a]) evaluate(a, bestV);
      }
    },
  };
}
