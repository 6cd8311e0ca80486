import { BestInsertionFinder } from './BestInsertionFinder';
import { CandidateBuffer } from './CandidateBuffer';
import { R_CAPACITY, R_PROMISE, REJECTION_ORDER } from './constraints';
import { generateInsertions } from './generateInsertions';
import type { RouteState } from './RouteState';
import { scenario } from './__tests__/scenario';

/** All (pickupAfter, dropoffAfter) pairs the generator lets through, and its rejection counts. */
function candidates(route: RouteState, request: number): { pairs: Array<[number, number]>; reasons: Int32Array } {
  const buf = new CandidateBuffer();
  const reasons = new Int32Array(REJECTION_ORDER.length);
  generateInsertions(route, request, buf, reasons);
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < buf.count; k++) pairs.push([buf.pickupAfter[k], buf.dropoffAfter[k]]);
  return { pairs, reasons };
}

describe('insertion of a new rider into a planned route', () => {
  test('vehicle full between stops 2 and 3 cannot take a pickup there', () => {
    // Two seats. Route: start(s) → P0(a) → P1(b) → D0(c) → D1(d) → end(s); full on the leg b → c.
    const sc = scenario(
      `
      s a b c d e
      `,
      {
        vehicles: [{ at: 's', seats: 2 }],
        requests: [{ from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'a', to: 'e' }],
      },
    );
    const route = sc.route(0, 'P0 P1 D0 D1');
    expect(Array.from(route.seatsAfter.subarray(0, route.m))).toEqual([0, 1, 2, 1, 0, 0]);
    const { pairs, reasons } = candidates(route, 2);
    // The new rider may not be on board over leg 2 → 3: pickup at or before 2 with dropoff at or after 2.
    expect(pairs.filter(([i, j]) => i <= 2 && j >= 2)).toEqual([]);
    expect(pairs).toContainEqual([1, 1]); // a → a → e → b: aboard only where one seat is free
    expect(pairs).toContainEqual([3, 4]); // after c, where a seat is free again
    expect(reasons[R_CAPACITY]).toBeGreaterThan(0);
  });

  test('pickup window already promised is kept when a new request is inserted', () => {
    // r0 was promised pickup at a within [60, 90]. Picking r1 up at x first would reach a at 180.
    const sc = scenario(
      `
      s a b
      . . .
      x . .
      `,
      {
        vehicles: [{ at: 's' }],
        requests: [{ from: 'a', to: 'b', pickup: [60, 90] }, { from: 'x', to: 'b' }],
      },
    );
    const route = sc.route(0, 'P0 D0');
    const { pairs, reasons } = candidates(route, 1);
    expect(pairs.filter(([i]) => i === 0)).toEqual([]);
    expect(reasons[R_PROMISE]).toBeGreaterThan(0);

    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const result = finder.find([route], 1);
    if (!result.ok) throw new Error(`expected an insertion, got ${result.reason}`);
    const { pickupAfter, dropoffAfter } = result.insertion;
    route.insert(2, pickupAfter, 3, dropoffAfter, sc.scratch);
    expect(route.feasible).toBe(true);
    const p0 = route.positionOf(0);
    expect(route.earliestS[p0]).toBeLessThanOrEqual(90);
    expect(sc.names(route).indexOf('P1')).toBeGreaterThan(p0);
  });

  test('ride time limit rejects a long detour', () => {
    // r0 rides a → b (3 cells, 180 s) with at most 240 s. Fetching r1 at x on the way costs r0 far more.
    const sc = scenario(
      `
      s a . . b
      . . . . .
      . . x . .
      . . . . .
      . . y . .
      `,
      {
        vehicles: [{ at: 's' }],
        requests: [{ from: 'a', to: 'b', maxRideS: 240 }, { from: 'x', to: 'y' }],
      },
    );
    const route = sc.route(0, 'P0 D0');
    const { pairs } = candidates(route, 1);
    // Nothing may go on leg 1 (a → b, r0 on board).
    expect(pairs.filter(([i, j]) => i === 1 || j === 1)).toEqual([]);
    expect(pairs).toContainEqual([2, 2]);

    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const result = finder.find([route], 1);
    if (!result.ok) throw new Error(`expected an insertion, got ${result.reason}`);
    route.insert(2, result.insertion.pickupAfter, 3, result.insertion.dropoffAfter, sc.scratch);
    const p0 = route.positionOf(0);
    const d0 = route.positionOf(1);
    expect(route.earliestS[d0] - route.earliestS[p0]).toBeLessThanOrEqual(240);
  });

  test('vehicle waits at the depot rather than with a rider on board, so the ride limit holds', () => {
    // r0 must be picked up at b within [300, 310]. r1 rides a → c (120 s direct) with at most 150 s.
    // Fetching r1 at a first works only if the vehicle leaves late: a no earlier than 210.
    const sc = scenario(
      `
      s a b c
      `,
      {
        vehicles: [{ at: 's' }],
        requests: [{ from: 'b', to: 'c', pickup: [300, 310] }, { from: 'a', to: 'c', pickup: [0, 400], maxRideS: 150 }],
        weights: { distance: 1, vehicleTime: 0, riderWait: 0, riderRide: 0 },
      },
    );
    const route = sc.route(0, 'P0 D0');
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const result = finder.find([route], 1);
    if (!result.ok) throw new Error(`expected an insertion, got ${result.reason}`);
    expect(result.insertion.pickupAfter).toBe(0);
    route.insert(2, 0, 3, result.insertion.dropoffAfter, sc.scratch);
    expect(sc.names(route).slice(0, 3)).toEqual(['start', 'P1', 'P0']);
    expect(route.earliestS[1]).toBeCloseTo(210);
    expect(route.latestS[1]).toBeCloseTo(250);
  });

  test('rider whose ride limit is shorter than the direct trip is refused', () => {
    const sc = scenario(
      `
      s a . b
      `,
      { vehicles: [{ at: 's' }], requests: [{ from: 'a', to: 'b', maxRideS: 100 }] },
    );
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    expect(finder.find([sc.route(0, '')], 0)).toEqual({ ok: false, reason: 'MaxRideExceeded' });
  });

  test('shift end including return to depot rejects late insertion', () => {
    // a → b fits before 600 s, but the drive back from b to the depot s does not.
    const map = `
      s . . a . . b
      `;
    const request = { from: 'a', to: 'b' };
    const late = scenario(map, { vehicles: [{ at: 's', shiftEndS: 600 }], requests: [request] });
    const finder = new BestInsertionFinder(late.problem, late.scratch);
    expect(finder.find([late.route(0, '')], 0)).toEqual({ ok: false, reason: 'ShiftEnds' });

    const inTime = scenario(map, { vehicles: [{ at: 's', shiftEndS: 720 }], requests: [request] });
    const ok = new BestInsertionFinder(inTime.problem, inTime.scratch).find([inTime.route(0, '')], 0);
    expect(ok.ok).toBe(true);
  });

  test('pickup window that no vehicle can reach is rejected as max wait exceeded', () => {
    const sc = scenario(
      `
      s . . . a b
      `,
      { vehicles: [{ at: 's', availableFromS: 100 }], requests: [{ from: 'a', to: 'b', pickup: [0, 300] }] },
    );
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    expect(finder.find([sc.route(0, '')], 0)).toEqual({ ok: false, reason: 'MaxWaitExceeded' });
  });

  test('wheelchair rider is refused by a vehicle without wheelchair places and taken by one with', () => {
    const sc = scenario(
      `
      s a b
      `,
      { vehicles: [{ at: 's', wheelchairs: 0 }, { at: 's', wheelchairs: 1 }], requests: [{ from: 'a', to: 'b', seats: 0, wheelchairs: 1 }] },
    );
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    expect(finder.find([sc.route(0, '')], 0)).toEqual({ ok: false, reason: 'CapacityExceeded' });
    const result = finder.find([sc.route(0, ''), sc.route(1, '')], 0);
    expect(result.ok && result.insertion.vehicle).toBe(1);
  });

  test('committed next stop stays first: nothing is inserted before a locked stop', () => {
    // The vehicle is on its way to a (locked). A rider at s, right where it is, still goes after a.
    const sc = scenario(
      `
      s . . a b
      `,
      { vehicles: [{ at: 's' }], requests: [{ from: 'a', to: 'b' }, { from: 's', to: 'b' }] },
    );
    const route = sc.route(0, 'P0 D0', 1);
    const { pairs } = candidates(route, 1);
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every(([i]) => i >= 1)).toBe(true);
  });

  test('two riders sharing the way are pooled at no extra distance', () => {
    //   s a b c   r0: a → c planned; r1: b → c rides along.
    const sc = scenario(
      `
      s a b c
      `,
      { vehicles: [{ at: 's' }], requests: [{ from: 'a', to: 'c' }, { from: 'b', to: 'c' }], weights: { distance: 1, vehicleTime: 0, riderWait: 0, riderRide: 0 } },
    );
    const finder = new BestInsertionFinder(sc.problem, sc.scratch);
    const result = finder.find([sc.route(0, 'P0 D0')], 1);
    expect(result.ok && result.insertion.cost).toBe(0);
    expect(result.ok && [result.insertion.pickupAfter, result.insertion.dropoffAfter]).toEqual([1, 1]);
  });
});
