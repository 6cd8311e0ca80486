import { DARP_COST_WEIGHTS, type DispatchProblem, type Request } from '../insertion/model';
import { euclideanTravelTimes } from '../insertion/TravelTimes';
import { solveMaxServed } from './solveMaxServed';

/**
 * On a line (unit speed, no dwell), one vehicle from the depot at 0 and back:
 *
 *   depot,A+ ── A-,B+ ── B- ─────────────── D+ ── D- ─────────── C+ ── C-
 *      0         10      20                 500   510            1000  1010
 *
 * A, B and D fit; C must be picked up by t = 5, a thousand away: nobody can take it.
 */
const points: Array<[number, number]> = [[0, 0], [0, 0], [10, 0], [10, 0], [20, 0], [500, 0], [510, 0], [1000, 0], [1010, 0]];
const request = (pickup: number, latestPickupS: number): Request => ({
  pickup: { node: pickup, earliestS: 0, latestS: latestPickupS, serviceS: 0 },
  dropoff: { node: pickup + 1, earliestS: 0, latestS: 100_000, serviceS: 0 },
  seats: 1,
  wheelchairs: 0,
  maxRideS: Infinity,
});
const problem = (requests: Request[]): DispatchProblem => ({
  travelTimes: euclideanTravelTimes(points),
  requests,
  vehicles: [{ start: { node: 0, earliestS: 0, latestS: 100_000, serviceS: 0 }, end: { node: 0, earliestS: 0, latestS: 100_000, serviceS: 0 }, seats: 4, wheelchairs: 0, maxDurationS: Infinity }],
  weights: DARP_COST_WEIGHTS,
});

test('a rider no vehicle can reach in time is left out; the others are served on the shortest route', () => {
  const s = solveMaxServed(problem([request(1, 1000), request(3, 1000), request(7, 5), request(5, 5000)]), { maxIterations: 200, seed: 3 });
  expect(s.served).toBe(3);
  expect(s.unserved).toEqual([2]);
  // Out to 510 and back: nothing shorter visits D.
  expect(s.cost).toBeCloseTo(1020, 6);
  expect(s.routes[0]).toHaveLength(6);
});

test('serving one more rider beats any saving in distance: the far rider is taken although it doubles the drive', () => {
  const near = solveMaxServed(problem([request(1, 1000), request(3, 1000)]), { maxIterations: 100, seed: 3 });
  const withFar = solveMaxServed(problem([request(1, 1000), request(3, 1000), request(5, 5000)]), { maxIterations: 100, seed: 3 });
  expect(near).toMatchObject({ served: 2, unserved: [] });
  expect(near.cost).toBeCloseTo(40, 6);
  expect(withFar).toMatchObject({ served: 3, unserved: [] });
  expect(withFar.cost).toBeCloseTo(1020, 6);
});

test('when the only vehicle cannot reach two riders in time, exactly one is served, never a plan that breaks a window', () => {
  // Both must be picked up by t = 600, one at +500 and one at -500: whoever goes second is 1000 late.
  const mirror: Array<[number, number]> = [...points, [-500, 0], [-510, 0]];
  const p: DispatchProblem = { ...problem([request(5, 600), request(9, 600)]), travelTimes: euclideanTravelTimes(mirror) };
  const s = solveMaxServed(p, { maxIterations: 200, seed: 3 });
  expect(s.served).toBe(1);
  expect(s.unserved).toHaveLength(1);
  expect(s.cost).toBeCloseTo(1020, 6);
});
