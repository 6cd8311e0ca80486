import { BestInsertionFinder } from './BestInsertionFinder';
import { scenario } from './__tests__/scenario';

/**
 * A city vehicle waits where its last rider alights: nothing drives it home between riders. Pricing the way back to
 * the depot into every insertion (the DARP benchmark's closed routes) made a far vehicle whose depot lies beyond the
 * rider's destination look free ("on its way home") and sent it 5 cells empty instead of the vehicle next door.
 *
 *     x . . . s a b . z        v0 idle at x, its depot z;  v1 idle at s, its depot s;  the rider goes a → b
 */
const MAP = `
  x . . . s a b . z
`;
const world = (freeReturn: boolean) =>
  scenario(MAP, {
    vehicles: [{ at: 'x', end: 'z' }, { at: 's' }],
    requests: [{ from: 'a', to: 'b' }],
    freeReturn,
  });

describe('an idle vehicle far away whose depot lies beyond the rider', () => {
  test('with the return priced (closed routes), the far vehicle looks cheaper: the way home is "on the way"', () => {
    const sc = world(false);
    const found = new BestInsertionFinder(sc.problem, sc.scratch).find([sc.route(0, ''), sc.route(1, '')], 0);
    if (!found.ok) throw new Error(`expected an insertion, got ${found.reason}`);
    expect(found.insertion.vehicle).toBe(0);
  });

  test('with a free return, the vehicle next door takes the rider, priced for the drive to a and on to b only', () => {
    const sc = world(true);
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const found = finder.find([sc.route(0, ''), sc.route(1, '')], 0);
    if (!found.ok) throw new Error(`expected an insertion, got ${found.reason}`);
    expect(found.insertion.vehicle).toBe(1);
    // s → a (60 s) and a → b (60 s) at vehicle time 1, the wait of 60 s at 0.5 and the ride of 60 s at 0.25.
    expect(found.insertion.cost).toBeCloseTo(120 + 30 + 15, 6);
    // The far vehicle: 5 cells to a, 1 on to b, a wait of 300 s.
    expect(finder.bestInRoute(sc.route(0, ''), 0)).toBeCloseTo(360 + 150 + 15, 6);
  });

  test('a free return still leaves the route cost of the riders and the drive between them, not the way home', () => {
    const sc = world(true);
    const route = sc.route(1, 'P0 D0');
    expect(route.travelS).toBeCloseTo(120, 6);
    expect(world(false).route(1, 'P0 D0').travelS).toBeCloseTo(240, 6);
  });
});
