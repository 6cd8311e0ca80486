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
