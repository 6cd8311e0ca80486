import type { ScheduleScratch } from '../insertion/ScheduleScratch';
import type { Plan } from './Plan';
import type { Random } from './Random';
import { biasedIndex, type RuinOperator, selectKth } from './RuinOperator';

/** Relatedness weights (Ropke & Pisinger 2006): place, time, load, and a bonus for sharing a vehicle. */
export const SHAW_WEIGHTS = Object.freeze({ place: 9, time: 3, load: 2, sameVehicle: 1 });
/** Bias towards the most related: larger is greedier. */
export const SHAW_POWER = 6;

/**
 * Related (Shaw) removal: starting from a random request, removes requests whose pickups and dropoffs are close
 * in place and in planned time to one already removed, so the recreate step can reshuffle them together.
 */
export const shawRuin: RuinOperator = {
  name: 'related',
  ruin(plan: Plan, count: number, scratch: ScheduleScratch, rng: Random): void {
    const p = plan.problem;
    const tt = p.travelTimes;
    const movable = plan.movableRequests();
    if (movable.length === 0) return;
    // Snapshot of planned times and places, before anything moves.
    const R = p.requestCount;
    const tPick = new Float64Array(R);
    const tDrop = new Float64Array(R);
    const veh = new Int32Array(R);
    let maxDist = 1e-9;
    let maxTime = 1e-9;
    let maxLoad = 1e-9;
    for (const r of movable) {
      const route = plan.route(plan.routeOf[r]);
      tPick[r] = route.earliestS[route.positionOf(2 * r)];
      tDrop[r] = route.earliestS[route.positionOf(2 * r + 1)];
      veh[r] = plan.routeOf[r];
      maxTime = Math.max(maxTime, tDrop[r]);
      maxLoad = Math.max(maxLoad, p.seatsDelta[2 * r] + p.wheelchairsDelta[2 * r]);
    }
    for (let k = 0; k < Math.min(movable.length, 32); k++) {
      const a = p.node[2 * movable[k]];
      for (const r of movable) maxDist = Math.max(maxDist, tt.distanceM(a, p.node[2 * r]));
    }
    const W = SHAW_WEIGHTS;
    const related = (x: number, y: number): number =>
      (W.place * (tt.distanceM(p.node[2 * x], p.node[2 * y]) + tt.distanceM(p.node[2 * x + 1], p.node[2 * y + 1]))) / (2 * maxDist) +
      (W.time * (Math.abs(tPick[x] - tPick[y]) + Math.abs(tDrop[x] - tDrop[y]))) / (2 * maxTime) +
      (W.load * Math.abs(p.seatsDelta[2 * x] + p.wheelchairsDelta[2 * x] - p.seatsDelta[2 * y] - p.wheelchairsDelta[2 * y])) / maxLoad +
      (veh[x] === veh[y] ? 0 : W.sameVehicle);

    const removed: number[] = [];
    const seedIndex = Math.floor(rng.next() * movable.length);
    removed.push(movable[seedIndex]);
    movable.splice(seedIndex, 1);
    const score = new Float64Array(R);
    while (removed.length < count && movable.length > 0) {
      const from = removed[Math.floor(rng.next() * removed.length)];
      for (const r of movable) score[r] = related(from, r);
      const pick = selectKth(movable, score, biasedIndex(movable.length, SHAW_POWER, rng));
      removed.push(movable[pick]);
      movable[pick] = movable[movable.length - 1];
      movable.pop();
    }
    plan.removeAll(removed, scratch);
  },
};
