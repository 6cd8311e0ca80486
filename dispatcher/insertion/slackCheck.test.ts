import { Random } from '../optimizer/Random';
import { CandidateBuffer } from './CandidateBuffer';
import { checkInsertionFast, FastCheck } from './checkInsertionFast';
import { CompiledProblem } from './CompiledProblem';
import { REJECTION_ORDER } from './constraints';
import { generateInsertions } from './generateInsertions';
import { DARP_COST_WEIGHTS, type DispatchProblem, type Request, type Vehicle } from './model';
import { RouteState } from './RouteState';
import { ScheduleFailure, ScheduleScratch } from './ScheduleScratch';
import { euclideanTravelTimes } from './TravelTimes';
import { type PlainStop, resimulate } from './__tests__/resimulate';

/** A random little city: Euclidean points, windows tight on some stops, ride limits, seats and wheelchairs. */
function randomProblem(rng: Random, requestCount: number): DispatchProblem {
  const points: Array<[number, number]> = [[0, 0]];
  for (let k = 0; k < 2 * requestCount; k++) points.push([rng.uniform(-10, 10), rng.uniform(-10, 10)]);
  const travelTimes = euclideanTravelTimes(points);
  const horizon = 400;
  const requests: Request[] = [];
  for (let r = 0; r < requestCount; r++) {
    const from = 1 + 2 * r;
    const to = 2 + 2 * r;
    const direct = travelTimes.durationS(from, to);
    const t0 = rng.uniform(0, horizon - 60);
    const tightPickup = rng.next() < 0.5;
    const wheelchair = rng.next() < 0.15;
    requests.push({
      pickup: { node: from, earliestS: tightPickup ? t0 : 0, latestS: tightPickup ? t0 + rng.uniform(5, 40) : horizon, serviceS: rng.int(0, 3) },
      dropoff: { node: to, earliestS: tightPickup ? 0 : t0 + direct, latestS: tightPickup ? horizon : t0 + direct + rng.uniform(5, 40), serviceS: rng.int(0, 3) },
      seats: wheelchair ? 0 : rng.int(1, 2),
      wheelchairs: wheelchair ? 1 : 0,
      maxRideS: direct + rng.uniform(2, 30),
    });
  }
  const vehicle: Vehicle = {
    start: { node: 0, earliestS: 0, latestS: horizon, serviceS: 0 },
    end: { node: 0, earliestS: 0, latestS: horizon, serviceS: 0 },
    seats: rng.int(2, 4),
    wheelchairs: rng.int(0, 1),
    maxDurationS: rng.next() < 0.5 ? Infinity : rng.uniform(200, 350),
  };
  return { travelTimes, requests, vehicles: [vehicle], weights: DARP_COST_WEIGHTS };
}

/** The route's stops as the re-simulation sees them, with P after i and D after j inserted when given. */
function plainStops(route: RouteState, insert?: { request: number; i: number; j: number }): PlainStop[] {
  const out: PlainStop[] = [];
  const push = (id: number): void => {
    out.push({ request: id >> 1, kind: id % 2 === 0 ? 'pickup' : 'dropoff' });
  };
  for (let k = 0; k < route.m - 1; k++) {
    if (k > 0) push(route.stops[k]);
    if (insert && k === insert.i) push(2 * insert.request);
    if (insert && k === insert.j) push(2 * insert.request + 1);
  }
  return out;
}

describe('fast insertion feasibility', () => {
  test('O(1) slack check agrees with full re-simulation on random routes', () => {
    const rng = new Random(20240611);
    const buf = new CandidateBuffer();
    const reasons = new Int32Array(REJECTION_ORDER.length);
    let feasiblePairs = 0;
    let infeasiblePairs = 0;
    let prefilterPassedButInfeasible = 0;
    let stopsSeen = 0;
    let undecided = 0;
    const pushed = new Float64Array(64);
    for (let trial = 0; trial < 150; trial++) {
      const plain = randomProblem(rng, 10);
      const problem = new CompiledProblem(plain);
      const scratch = new ScheduleScratch(problem);
      const route = new RouteState(problem, 0);
      route.refresh(scratch);
      // Grow a feasible route by random insertions that the re-simulation accepts.
      const order = rng.shuffle([...Array(plain.requests.length).keys()]);
      for (const r of order) {
        for (let attempt = 0; attempt < 12; attempt++) {
          const i = rng.int(0, route.m - 2);
          const j = rng.int(i, route.m - 2);
          if (resimulate(plain, 0, plainStops(route, { request: r, i, j })).feasible) {
            route.insert(2 * r, i, 2 * r + 1, j, scratch);
            break;
          }
        }
      }
      stopsSeen += route.m - 2;
      expect(route.feasible).toBe(true);
      const truth = resimulate(plain, 0, plainStops(route));
      for (let k = 0; k < route.m; k++) {
        expect(route.earliestS[k]).toBeCloseTo(truth.earliest[k], 6);
        expect(Math.min(route.latestS[k], 1e9)).toBeCloseTo(Math.min(truth.latest[k], 1e9), 6);
      }

      for (let r = 0; r < plain.requests.length; r++) {
        if (route.positionOf(2 * r) >= 0) continue;
        generateInsertions(route, r, buf, reasons);
        const passed = new Set<number>();
        for (let c = 0; c < buf.count; c++) passed.add(buf.pickupAfter[c] * 1000 + buf.dropoffAfter[c]);
        for (let i = 0; i <= route.m - 2; i++) {
          for (let j = i; j <= route.m - 2; j++) {
            const slow = resimulate(plain, 0, plainStops(route, { request: r, i, j })).feasible;
            let fast = passed.has(i * 1000 + j);
            if (fast) {
              scratch.load(0, route.stops, route.m, 2 * r, i, 2 * r + 1, j);
              fast = scratch.earliest() === ScheduleFailure.None;
              if (!fast) prefilterPassedButInfeasible++;
            }
            // The exact stage's shortcut: "feasible" and "late" verdicts must match the re-simulated schedule.
            const verdict = checkInsertionFast(route, 2 * r, i, 2 * r + 1, j, pushed);
            if (verdict !== FastCheck.Unknown) {
              const timeOk = resimulate(plain, 0, plainStops(route, { request: r, i, j }), { ignoreCapacity: true }).feasible;
              if ((verdict === FastCheck.Feasible) !== timeOk) throw new Error(`trial ${trial}, request ${r} after (${i}, ${j}): fast check says ${verdict}, re-simulation ${timeOk}`);
            } else {
              undecided++;
            }
            if (fast !== slow) throw new Error(`trial ${trial}, request ${r} after (${i}, ${j}): fast says ${fast}, re-simulation ${slow}`);
            if (slow) feasiblePairs++;
            else infeasiblePairs++;
          }
        }
      }
    }
    // The scenarios must exercise both outcomes, and the exact stage must have had work to do.
    expect(feasiblePairs).toBeGreaterThan(200);
    expect(infeasiblePairs).toBeGreaterThan(200);
    expect(prefilterPassedButInfeasible).toBeGreaterThan(0);
    expect(stopsSeen / 150).toBeGreaterThan(6);
    expect(undecided).toBeLessThan((feasiblePairs + infeasiblePairs) / 5);
  });
});
