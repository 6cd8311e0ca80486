import { CITY_COST_WEIGHTS } from '../insertion/model';
import { scenario } from '../insertion/__tests__/scenario';
import { largeNeighbourhoodSearch } from './largeNeighbourhoodSearch';
import { Plan } from './Plan';
import { Random } from './Random';
import { selectKth } from './RuinOperator';

/**
 *     s . a . . . b . t        Two vehicles: v0 at s, v1 at t.
 *     . . . . . . . . .        r0 is on board of v0 and alights at b (near t).
 *     c . d . . . e . f        r1: v1 is committed to pick up at a (locked), then drops at f.
 *                              r2..r5: free riders around the map.
 */
const MAP = `
  s . a . . . b . t
  . . . . . . . . .
  c . d . . . e . f
`;

function city() {
  return scenario(MAP, {
    vehicles: [{ at: 's' }, { at: 't' }],
    requests: [
      { from: 's', to: 'b', onboard: 0 },
      { from: 'a', to: 'f' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'f' },
      { from: 'd', to: 'e' },
      { from: 'b', to: 't' },
    ],
    weights: CITY_COST_WEIGHTS,
  });
}

describe('re-optimizing a fleet plan', () => {
  test('locked next stop and riders on board stay on their vehicle through re-optimization', () => {
    const sc = city();
    const start = Plan.fromRoutes(sc.problem, sc.scratch, [
      { vehicle: 0, stops: [1], lockedCount: 0 }, // D0: r0 alights at b
      { vehicle: 1, stops: [2, 3], lockedCount: 1 }, // P1 (committed), D1
    ]);
    expect(start.unassigned.sort()).toEqual([2, 3, 4, 5]);
    const result = largeNeighbourhoodSearch(start, { maxIterations: 300, seed: 7 });
    const plan = result.plan;
    expect(plan.unassigned).toEqual([]);
    expect(plan.isFeasible()).toBe(true);
    expect(plan.routeOf[0]).toBe(0);
    expect(sc.names(plan.route(1))[1]).toBe('P1');
    expect(plan.routeOf[1]).toBe(1);
    // The input plan is untouched.
    expect(start.unassigned.length).toBe(4);
    expect(result.cost).toBeLessThanOrEqual(plan.cost(1e6) + 1e-9);
  });

  test('same seed and iteration budget give the same plan; another seed may differ but is as valid', () => {
    const run = (seed: number) => {
      const sc = city();
      const start = Plan.fromRoutes(sc.problem, sc.scratch, [{ vehicle: 0, stops: [1], lockedCount: 0 }], [0, 1, 2, 3, 4, 5]);
      return largeNeighbourhoodSearch(start, { maxIterations: 200, seed });
    };
    const a = run(3);
    const b = run(3);
    expect(a.plan.toVehicleRoutes()).toEqual(b.plan.toVehicleRoutes());
    expect(a.cost).toBe(b.cost);
    expect(run(4).plan.isFeasible()).toBe(true);
  });

  test('the search stops when the injected clock passes the time budget', () => {
    const sc = city();
    let t = 0;
    const now = (): number => (t += 1); // every reading advances 1 ms
    const result = largeNeighbourhoodSearch(Plan.fromRoutes(sc.problem, sc.scratch), { timeLimitMs: 40, now });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(40);
    expect(result.iterations).toBeLessThan(40);
    expect(result.plan.unassigned).toEqual([]);
  });

  test('a time budget without a clock is refused: the core never reads the wall clock', () => {
    const sc = city();
    expect(() => largeNeighbourhoodSearch(Plan.fromRoutes(sc.problem, sc.scratch), { timeLimitMs: 10 })).toThrow(/needs a now\(\) function/);
  });

  test('changing a candidate plan leaves the plan it was cloned from untouched', () => {
    const sc = city();
    const base = Plan.fromRoutes(sc.problem, sc.scratch, [{ vehicle: 1, stops: [4, 5], lockedCount: 0 }], [2]);
    const candidate = base.clone();
    candidate.remove(2, sc.scratch);
    candidate.insert(2, 0, 0, 0, sc.scratch);
    expect(sc.names(base.route(1))).toEqual(['start', 'P2', 'D2', 'end']);
    expect(sc.names(candidate.route(1))).toEqual(['start', 'end']);
    expect(sc.names(candidate.route(0))).toEqual(['start', 'P2', 'D2', 'end']);
    expect(base.routeOf[2]).toBe(1);
  });
});

describe('quickselect for biased removal', () => {
  test('finds the k-th smallest of random scores, like a sort would', () => {
    const rng = new Random(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = rng.int(1, 40);
      const score = new Float64Array(n);
      for (let k = 0; k < n; k++) score[k] = rng.int(0, 10); // ties on purpose
      const items = [...Array(n).keys()];
      const k = rng.int(0, n - 1);
      const at = selectKth(items, score, k);
      const sorted = [...Array(n).keys()].map((x) => score[x]).sort((a, b) => a - b);
      expect(score[items[at]]).toBe(sorted[k]);
      expect([...items].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    }
  });
});
