import type { ScheduleScratch } from '../insertion/ScheduleScratch';
import type { Plan } from './Plan';
import type { Random } from './Random';

/** The "destroy" half of large-neighbourhood search: take up to `count` movable requests off their routes. */
export interface RuinOperator {
  readonly name: string;
  ruin(plan: Plan, count: number, scratch: ScheduleScratch, rng: Random): void;
}

/** Index into a list sorted best-first, biased towards the front: floor(u^power * length) (Ropke & Pisinger). */
export function biasedIndex(length: number, power: number, rng: Random): number {
  return Math.min(length - 1, Math.floor(Math.pow(rng.next(), power) * length));
}

/**
 * Quickselect: reorders `items` so that items[k] is the k-th smallest by `score[item]` (0-based), smaller ones
 * before it, and returns k. O(length) on average, where a full sort would be O(length log length).
 */
export function selectKth(items: number[], score: Float64Array, k: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const pivot = score[items[(lo + hi) >> 1]];
    let a = lo;
    let b = hi;
    while (a <= b) {
      while (score[items[a]] < pivot) a++;
      while (score[items[b]] > pivot) b--;
      if (a <= b) {
        const t = items[a];
        items[a] = items[b];
        items[b] = t;
        a++;
        b--;
      }
    }
    if (k <= b) hi = b;
    else if (k >= a) lo = a;
    else break;
  }
  return k;
}
