import { checkDarpSolution, type DarpViolationCode } from './checkDarpSolution';
import { type DarpInstance, parseCordeau } from './parseCordeau';

/**
 * Two requests on a line, one vehicle with one seat, rides of at most L:
 *
 *     0/5 ─ 1 ─ 2 ─ 3 ─ 4        depot at x=0; r1: 1 → 3, r2: 2 → 4; unit distances between neighbours
 */
function tiny(opts: { K?: number; T?: number; Q?: number; L?: number; windows?: Record<number, [number, number]> } = {}): DarpInstance {
  const w = (id: number): string => (opts.windows?.[id] ?? [0, 1000]).join(' ');
  const { K = 1, T = 100, Q = 1, L = 10 } = opts;
  return parseCordeau(
    [`${K} 4 ${T} ${Q} ${L}`, `0 0 0 0 0 0 ${T}`, `1 1 0 0 1 ${w(1)}`, `2 2 0 0 1 ${w(2)}`, `3 3 0 0 -1 ${w(3)}`, `4 4 0 0 -1 ${w(4)}`].join('\n'),
    'tiny',
  );
}

function codes(inst: DarpInstance, routes: number[][]): DarpViolationCode[] {
  return checkDarpSolution(inst, routes).violations.map((v) => v.code);
}

describe('independent DARP checker', () => {
  test('a route serving both riders in turn is feasible, and its cost is its length', () => {
    const result = checkDarpSolution(tiny(), [[0, 1, 3, 2, 4, 5]]);
    expect(result.violations).toEqual([]);
    expect(result.feasible).toBe(true);
    expect(result.cost).toBeCloseTo(1 + 2 + 1 + 2 + 4);
    expect(result.vehicles).toBe(1);
  });

  test('an empty route is not a vehicle used', () => {
    const result = checkDarpSolution(tiny({ K: 1 }), [[0, 1, 3, 2, 4, 5], [0, 5]]);
    expect(result.feasible).toBe(true);
    expect(result.vehicles).toBe(1);
  });

  test('checker catches each violation type', () => {
    const inst = tiny();
    expect(codes(inst, [[1, 3, 2, 4, 5]])).toContain('RouteShape');
    expect(codes(inst, [[0, 1, 3, 0, 2, 4, 5]])).toContain('RouteShape');
    expect(codes(inst, [[0, 1, 3, 9, 2, 4, 5]])).toContain('UnknownNode');
    expect(codes(inst, [[0, 1, 3, 5]])).toEqual(['RequestMissing']);
    expect(codes(inst, [[0, 1, 3, 2, 4, 1, 5]])).toContain('RequestRepeated');
    expect(codes(tiny({ K: 2 }), [[0, 1, 2, 4, 5], [0, 3, 5]])).toContain('SplitRequest');
    expect(codes(inst, [[0, 3, 1, 2, 4, 5]])).toContain('DropoffBeforePickup');
    expect(codes(inst, [[0, 1, 2, 3, 4, 5]])).toEqual(['Capacity']);
    expect(codes(tiny({ windows: { 4: [0, 5] } }), [[0, 1, 3, 2, 4, 5]])).toEqual(['TimeWindow']);
    expect(codes(tiny({ Q: 2, L: 3 }), [[0, 1, 2, 4, 3, 5]])).toEqual(['RideTime']);
    expect(codes(inst, [[0, 1, 3, 5], [0, 2, 4, 5]])).toEqual(['TooManyRoutes']);
  });

  test('route duration is the shortest over departure times, and above T it is a violation', () => {
    // Pickup 1 closes at 5, dropoff 4 opens at 150: whatever the departure, the route lasts at least 150.
    const inst = tiny({ T: 100, windows: { 1: [0, 5], 4: [150, 200] } });
    inst.nodes[0].latestS = inst.nodes[5].latestS = 1000; // a depot window wider than T, so only duration is at stake
    const result = checkDarpSolution(inst, [[0, 1, 3, 2, 4, 5]]);
    expect(result.violations.map((v) => v.code)).toEqual(['RouteDuration']);
    expect(result.routes[0].minDuration).toBeCloseTo(150 + 4 - 4);
  });

  test('departure delayed by the forward time slack removes the wait from the duration', () => {
    // Pickup 1 opens at 50: leaving at 49 instead of 0 saves 49 of waiting; the route then lasts its length, 10.
    const result = checkDarpSolution(tiny({ windows: { 1: [50, 60] } }), [[0, 1, 3, 2, 4, 5]]);
    expect(result.feasible).toBe(true);
    expect(result.routes[0].minDuration).toBeCloseTo(10);
  });

  test('a rider picked up later to keep the ride short is accepted', () => {
    // Dropoff 3 opens at 20. Picking r1 up as early as possible (t=1) would make a ride of 19 > L = 10,
    // but the vehicle may wait before the pickup instead: pick up at 18, ride 2.
    const result = checkDarpSolution(tiny({ L: 10, windows: { 3: [20, 30] } }), [[0, 1, 3, 2, 4, 5]]);
    expect(result.violations).toEqual([]);
    const schedule = result.routes[0].schedule!;
    expect(schedule[2] - schedule[1]).toBeLessThanOrEqual(10 + 1e-9);
  });
});
