import { BestInsertionFinder } from './BestInsertionFinder';
import { scenario } from './__tests__/scenario';

/**
 * An insertion prices the longer wait it gives the riders still to be picked up after it (the route objective the
 * re-optimizer minimises counts every rider's wait). Without it a later rider slipped in ahead of a promised one kept
 * that one waiting, while a vehicle stood idle nearby (simulate's one-hour runs, docs/benchmarks.md).
 *
 *     s . . . . . e f      v0 at s is on its way to fetch rider 0 at e (to f); the new rider 1 goes a → b,
 *     . . a b . . . .      a 120 s detour before e; v1 stands idle at u, 120 s from a
 *     . . . . . . . .
 *     . . u . . . . .
 */
const MAP = `
  s . . . . . e f
  . . a b . . . .
  . . . . . . . .
  . . u . . . . .
`;

describe('the wait of those still to be picked up', () => {
  test('a detour before a promised pickup is priced with the seconds it keeps that rider waiting', () => {
    const sc = scenario(MAP, { vehicles: [{ at: 's', seats: 6 }, { at: 'u', seats: 6 }], requests: [{ from: 'e', to: 'f' }, { from: 'a', to: 'b' }], freeReturn: true });
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const cost = finder.bestInRoute(sc.route(0, 'P0 D0'), 1);
    // s → a → b → e → f: 120 s added drive, the new rider's wait of 180 s at 0.5 and ride of 60 s at 0.25, and
    // rider 0 waits the 120 s detour longer at 0.5.
    expect([finder.pickupAfter, finder.dropoffAfter]).toEqual([0, 0]);
    expect(cost).toBeCloseTo(120 + 90 + 15 + 60, 6);
  });

  test('the idle vehicle nearby takes the new rider rather than keep the promised one waiting', () => {
    const sc = scenario(MAP, { vehicles: [{ at: 's', seats: 6 }, { at: 'u', seats: 6 }], requests: [{ from: 'e', to: 'f' }, { from: 'a', to: 'b' }], freeReturn: true });
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const result = finder.find([sc.route(0, 'P0 D0'), sc.route(1, '')], 1);
    // v1: 120 s to a and 60 s on to b (the end is free), a wait of 120 s at 0.5, a ride of 60 s at 0.25: 255, against
    // v0's 285. Without rider 0's wait v0 would cost 225 and take the rider at rider 0's expense.
    expect(result.ok && result.insertion.vehicle).toBe(1);
    expect(result.ok && result.insertion.cost).toBeCloseTo(180 + 60 + 15, 6);
  });

  test('a vehicle waiting at the new pickup for its window keeps the promised rider waiting as long', () => {
    // Rider 1 may not be picked up before 500 s: v0 reaches a at 180 s and stands there until 500, so rider 0 at e is
    // reached at 800 s instead of 360 (a push of 440 s, not the 120 s detour).
    const sc = scenario(MAP, { vehicles: [{ at: 's', seats: 6 }], requests: [{ from: 'e', to: 'f' }, { from: 'a', to: 'b', pickup: [500, 100_000] }], freeReturn: true });
    const route = sc.route(0, 'P0 D0');
    // One rider waits to be picked up behind the start and behind nothing after P0.
    expect(Array.from(route.waitingFrom.subarray(0, route.m))).toEqual([1, 1, 0, 0]);
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const cost = finder.bestInRoute(route, 1);
    // 120 s added drive, no wait for rider 1 (picked up at its window's opening), a ride of 60 s at 0.25, and rider 0's
    // 440 s at 0.5: 355, still below fetching rider 1 after f (420 s drive, a wait of 280 s, the ride: 575).
    expect([finder.pickupAfter, finder.dropoffAfter]).toEqual([0, 0]);
    expect(cost).toBeCloseTo(120 + 0 + 15 + 220, 6);
  });

  test('riders picked up before the insertion are not counted', () => {
    // Rider 1 can only be fetched after rider 0 is dropped (its window opens at 1,000 s): nobody waits behind it.
    const sc = scenario(MAP, { vehicles: [{ at: 's', seats: 6 }], requests: [{ from: 'e', to: 'f' }, { from: 'a', to: 'b', pickup: [1_000, 100_000] }], freeReturn: true });
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const cost = finder.bestInRoute(sc.route(0, 'P0 D0'), 1);
    // s → e (360) → f (420) → a (780, waits until 1,000) → b: added drive 360 + 60 (the end is free), ride 60 at 0.25.
    expect([finder.pickupAfter, finder.dropoffAfter]).toEqual([2, 2]);
    expect(cost).toBeCloseTo(420 + 15, 6);
  });
});
