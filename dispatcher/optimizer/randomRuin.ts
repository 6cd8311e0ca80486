import type { ScheduleScratch } from '../insertion/ScheduleScratch';
import type { Plan } from './Plan';
import type { Random } from './Random';
import type { RuinOperator } from './RuinOperator';

/** Removes movable requests chosen uniformly at random: diversification. */
export const randomRuin: RuinOperator = {
  name: 'random',
  ruin(plan: Plan, count: number, scratch: ScheduleScratch, rng: Random): void {
    const movable = plan.movableRequests();
    const n = Math.min(count, movable.length);
    for (let k = 0; k < n; k++) {
      const pick = k + Math.floor(rng.next() * (movable.length - k));
      const r = movable[pick];
      movable[pick] = movable[k];
      movable[k] = r;
    }
    plan.removeAll(movable.slice(0, n), scratch);
  },
};
