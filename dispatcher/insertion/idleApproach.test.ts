import { BestInsertionFinder } from './BestInsertionFinder';
import { CITY_COST_WEIGHTS } from './model';
import { scenario } from './__tests__/scenario';

/**
 * A vehicle with nothing planned pays for its empty drive to the pickup once more (CostWeights.idleApproach): those
 * km carry nobody and use up a spare vehicle a later rider may need. So a busy vehicle that finishes nearby and
 * takes the rider next wins over an idle one slightly nearer.
 *
 *     s . e . . p d        v0 at s drops its rider at e (2 min), then p is 3 min on; the new rider goes p → d
 *     . . . . . . .
 *     . . . . . . .        v1 stands idle at y, 3 min from p
 *     . . . . . y .
 */
const MAP = `
  s . e . . p d
  . . . . . . .
  . . . . . . .
  . . . . . y .
`;
const world = (idleApproach: number) =>
  scenario(MAP, {
    vehicles: [{ at: 's' }, { at: 'y' }],
    requests: [
      { from: 's', to: 'e', onboard: 0 },
      { from: 'p', to: 'd' },
    ],
    weights: { ...CITY_COST_WEIGHTS, idleApproach },
    freeReturn: true,
  });

describe('the empty drive of an idle vehicle', () => {
  test('the busy vehicle that finishes nearby takes the rider after its drop-off', () => {
    const sc = world(CITY_COST_WEIGHTS.idleApproach);
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const found = finder.find([sc.route(0, 'D0'), sc.route(1, '')], 1);
    if (!found.ok) throw new Error(`expected an insertion, got ${found.reason}`);
    expect(found.insertion.vehicle).toBe(0);
    expect([found.insertion.pickupAfter, found.insertion.dropoffAfter]).toEqual([1, 1]);
    // e → p → d (240 s of driving), a wait of 300 s at 0.5, a ride of 60 s at 0.25.
    expect(found.insertion.cost).toBeCloseTo(240 + 150 + 15, 6);
    // The idle vehicle: y → p → d (240 s), a wait of 180 s, the same ride, and its 180 s of empty drive once more.
    expect(finder.bestInRoute(sc.route(1, ''), 1)).toBeCloseTo(240 + 90 + 15 + 180, 6);
  });

  test('priced as vehicle time only, the idle vehicle would win by its shorter wait', () => {
    const sc = world(0);
    const found = new BestInsertionFinder(sc.problem, sc.scratch).find([sc.route(0, 'D0'), sc.route(1, '')], 1);
    if (!found.ok) throw new Error(`expected an insertion, got ${found.reason}`);
    expect(found.insertion.vehicle).toBe(1);
    expect(found.insertion.cost).toBeCloseTo(240 + 90 + 15, 6);
  });

  test('a vehicle with stops planned pays nothing extra for the empty legs between them', () => {
    const sc = world(CITY_COST_WEIGHTS.idleApproach);
    const same = world(0);
    const a = new BestInsertionFinder(sc.problem, sc.scratch).bestInRoute(sc.route(0, 'D0'), 1);
    const b = new BestInsertionFinder(same.problem, same.scratch).bestInRoute(same.route(0, 'D0'), 1);
    expect(a).toBeCloseTo(b, 9);
  });
});
