import { BestInsertionFinder } from './BestInsertionFinder';
import { scenario } from './__tests__/scenario';

/**
 * An insertion prices the longer ride it gives the people already on board, not only the new rider's wait and ride
 * (the route objective the re-optimizer minimises counts every rider's ride). Without it a vehicle carrying a party
 * takes them on a side trip to save the new rider a few minutes, and the party's extra minutes are loaded km.
 *
 *     s . a . e        v0 at s carries a party of 3 to e; the new rider goes a → b (a is on the way, b is not)
 *     . . . . .
 *     . . b . .
 */
const MAP = `
  s . a . e
  . . . . .
  . . b . .
`;
const world = () =>
  scenario(MAP, {
    vehicles: [{ at: 's', seats: 6 }],
    requests: [
      { from: 's', to: 'e', onboard: 0, seats: 3 },
      { from: 'a', to: 'b' },
    ],
    freeReturn: true,
  });

describe('the ride of those already on board', () => {
  test('a party on board is not taken on a side trip to save the new rider less time than it costs them', () => {
    const sc = world();
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const cost = finder.bestInRoute(sc.route(0, 'D0'), 1);
    // Drop the party at e first, then the new rider: s → a → e → b, the leg e → b (240 s) the only added drive,
    // a wait of 120 s at 0.5 and a ride of 360 s at 0.25; the party rides no longer.
    expect([finder.pickupAfter, finder.dropoffAfter]).toEqual([0, 1]);
    expect(cost).toBeCloseTo(240 + 60 + 90, 6);
  });

  test('where only the side trip fits, it is priced with the 240 s it adds to each of the three on board', () => {
    // The new rider may ride at most 200 s and wait at most 150 s: dropping the party first (a ride of 360 s) and
    // fetching the rider after it (a wait of 360 s) no longer fit.
    const sc = scenario(MAP, {
      vehicles: [{ at: 's', seats: 6 }],
      requests: [
        { from: 's', to: 'e', onboard: 0, seats: 3 },
        { from: 'a', to: 'b', maxRideS: 200, pickup: [0, 150] },
      ],
      freeReturn: true,
    });
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const cost = finder.bestInRoute(sc.route(0, 'D0'), 1);
    expect([finder.pickupAfter, finder.dropoffAfter]).toEqual([0, 0]);
    // Added drive 240 s, the new rider's wait of 120 s at 0.5 and ride of 120 s at 0.25, and 3 × 240 s at 0.25.
    expect(cost).toBeCloseTo(240 + 60 + 30 + 3 * 60, 6);
  });
});
