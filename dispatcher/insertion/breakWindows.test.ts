import { Random } from '../optimizer/Random';
import { BestInsertionFinder } from './BestInsertionFinder';
import { compileBreaks, earliestOutsideBreaks, latestOutsideBreaks } from './breakWindows';
import { CompiledProblem } from './CompiledProblem';
import { INFEASIBLE, TIME_EPS } from './constraints';
import { CITY_COST_WEIGHTS, type Request, type Vehicle } from './model';
import { RouteState } from './RouteState';
import { ScheduleFailure, ScheduleScratch } from './ScheduleScratch';
import { euclideanTravelTimes } from './TravelTimes';
import { scenario } from './__tests__/scenario';

// One cell is 60 s: a . . . b . . . c is a→b 240 s, b→c 240 s.
const LINE = `
  a . . . b . . . c
`;

describe('break windows (the vehicle neither drives nor serves in one)', () => {
  test('an activity that would overlap a break starts after it; one that fits before it keeps its time', () => {
    const breaks = compileBreaks([{ startS: 1000, endS: 1600 }, { startS: 100, endS: 700 }], 'v');
    expect(Array.from(breaks)).toEqual([100, 700, 1000, 1600]);
    expect(earliestOutsideBreaks(0, 100, breaks)).toBe(0); // ends as the break starts
    expect(earliestOutsideBreaks(0, 101, breaks)).toBe(700);
    expect(earliestOutsideBreaks(800, 300, breaks)).toBe(1600); // 700..1000 is too short for 300 s
    expect(earliestOutsideBreaks(800, 200, breaks)).toBe(800);
    expect(latestOutsideBreaks(1500, 200, breaks)).toBe(800); // must end by 1000
    expect(latestOutsideBreaks(2000, 200, breaks)).toBe(2000);
    expect(latestOutsideBreaks(650, 0, breaks)).toBe(100);
    expect(() => compileBreaks([{ startS: 0, endS: 500 }, { startS: 400, endS: 900 }], 'v')).toThrow(/overlap/);
    expect(() => compileBreaks([{ startS: 500, endS: 500 }], 'v')).toThrow(/ends before/);
  });

  test('breakAtTheStart_legWaitsOutTheBreak: the vehicle leaves once its break is over', () => {
    const sc = scenario(LINE, { vehicles: [{ at: 'a', breaks: [[100, 700]] }], requests: [{ from: 'b', to: 'c' }] });
    const route = sc.route(0, 'P0 D0');
    expect(route.feasible).toBe(true);
    // The first leg (240 s) cannot end before the break starts at 100: it starts at 700.
    expect(Array.from(route.earliestS.subarray(1, 3))).toEqual([940, 1180]);
    const plain = scenario(LINE, { vehicles: [{ at: 'a' }], requests: [{ from: 'b', to: 'c' }] }).route(0, 'P0 D0');
    expect(Array.from(plain.earliestS.subarray(1, 3))).toEqual([240, 480]);
  });

  test('breakInTheMiddle_serviceAndLegMoveAfterIt, and the latest schedule keeps the legs before it', () => {
    const sc = scenario(LINE, { vehicles: [{ at: 'a', breaks: [[300, 600]] }], requests: [{ from: 'b', to: 'c', serviceS: 30 }] });
    const route = sc.route(0, 'P0 D0');
    // Arrives at b at 240; 30 s of service end at 270; the next leg would overlap 300..600: it starts at 600.
    expect(Array.from(route.earliestS.subarray(1, 3))).toEqual([240, 840]);
    // Latest: the dropoff may start as late as the day allows; the pickup then is as late as it can be, before or after the break.
    const tight = scenario(LINE, { vehicles: [{ at: 'a', breaks: [[300, 600]] }], requests: [{ from: 'b', to: 'c', serviceS: 30, dropoff: [0, 800] }] }).route(0, 'P0 D0');
    // Dropoff by 800 is impossible after the break (600 + 240 = 840): the whole ride is before it, pickup by 30 s.
    expect(tight.feasible).toBe(false);
    const before = scenario(LINE, { vehicles: [{ at: 'a', breaks: [[600, 900]] }], requests: [{ from: 'b', to: 'c', serviceS: 30, dropoff: [0, 800] }] }).route(0, 'P0 D0');
    expect(before.feasible).toBe(true);
    // The 30 s dropoff service must end by 600 (the break): it starts by 570; the leg b→c leaves by 330, so the
    // 30 s pickup service starts by 300.
    expect(before.latestS[2]).toBe(570);
    expect(before.latestS[1]).toBe(300);
  });

  test('a pickup window the break makes unreachable: the insertion is refused, while without the break it is taken', () => {
    const request = [{ from: 'b', to: 'c', pickup: [0, 600] as [number, number] }];
    const withBreak = scenario(LINE, { vehicles: [{ at: 'a', breaks: [[100, 700]] }], requests: request });
    const finder = new BestInsertionFinder(withBreak.problem, withBreak.scratch);
    const found = finder.find([withBreak.route(0, '')], 0);
    expect(found).toEqual({ ok: false, reason: 'MaxWaitExceeded' });
    const without = scenario(LINE, { vehicles: [{ at: 'a' }], requests: request });
    expect(new BestInsertionFinder(without.problem, without.scratch).find([without.route(0, '')], 0).ok).toBe(true);
  });

  test('random routes: every insertion the finder accepts has a schedule that neither drives nor serves in a break', () => {
    const rng = new Random(11);
    let accepted = 0;
    let refusedByBreak = 0;
    for (let round = 0; round < 60; round++) {
      const points: [number, number][] = [[0, 0]];
      const R = 5;
      for (let k = 0; k < 2 * R; k++) points.push([rng.uniform(-100, 100), rng.uniform(-100, 100)]);
      const travelTimes = euclideanTravelTimes(points);
      const requests: Request[] = [];
      for (let r = 0; r < R; r++) {
        const t0 = rng.uniform(0, 600);
        requests.push({
          pickup: { node: 1 + 2 * r, earliestS: t0, latestS: t0 + rng.uniform(60, 400), serviceS: rng.int(0, 20) },
          dropoff: { node: 2 + 2 * r, earliestS: 0, latestS: t0 + 1200, serviceS: rng.int(0, 20) },
          seats: 1,
          wheelchairs: 0,
          maxRideS: Infinity,
        });
      }
      const breakStart = rng.uniform(0, 700);
      const breaks = [{ startS: breakStart, endS: breakStart + rng.uniform(60, 400) }];
      const vehicle = (withBreak: boolean): Vehicle => ({
        start: { node: 0, earliestS: 0, latestS: 5000, serviceS: 0 },
        end: { node: 0, earliestS: 0, latestS: 5000, serviceS: 0 },
        seats: 4,
        wheelchairs: 0,
        maxDurationS: Infinity,
        ...(withBreak ? { breaks } : {}),
      });
      const problem = new CompiledProblem({ travelTimes, requests, vehicles: [vehicle(true)], weights: CITY_COST_WEIGHTS });
      const plain = new CompiledProblem({ travelTimes, requests, vehicles: [vehicle(false)], weights: CITY_COST_WEIGHTS });
      const scratch = new ScheduleScratch(problem);
      const finder = new BestInsertionFinder(problem, scratch);
      const plainScratch = new ScheduleScratch(plain);
      const plainFinder = new BestInsertionFinder(plain, plainScratch);
      const route = new RouteState(problem, 0);
      route.refresh(scratch);
      const plainRoute = new RouteState(plain, 0);
      plainRoute.refresh(plainScratch);
      for (let r = 0; r < R; r++) {
        const cost = finder.bestInRoute(route, r);
        if (plainFinder.bestInRoute(plainRoute, r) < INFEASIBLE && cost === INFEASIBLE) refusedByBreak++;
        if (cost === INFEASIBLE) continue;
        accepted++;
        route.insert(2 * r, finder.pickupAfter, 2 * r + 1, finder.dropoffAfter, scratch);
        expect(route.feasible).toBe(true);
        scratch.load(0, route.stops, route.m);
        expect(scratch.earliest()).toBe(ScheduleFailure.None);
        const { x, s, tt, m } = scratch;
        const [b] = breaks;
        for (let k = 0; k < m; k++) {
          // Service at k lies outside the break...
          expect(x[k] + s[k] <= b.startS + TIME_EPS || x[k] >= b.endS - TIME_EPS).toBe(true);
          if (k + 1 === m) continue;
          // ...and the leg to k+1 fits before it, or after it, between the service's end and the next arrival.
          const leave = x[k] + s[k];
          const fitsBefore = leave + tt[k] <= b.startS + TIME_EPS;
          const fitsAfter = Math.max(leave, b.endS) + tt[k] <= x[k + 1] + TIME_EPS;
          expect(fitsBefore || fitsAfter).toBe(true);
        }
        plainRoute.insert(2 * r, finder.pickupAfter, 2 * r + 1, finder.dropoffAfter, plainScratch);
      }
    }
    // The property was exercised: insertions were taken, and some only a break refused.
    expect(accepted).toBeGreaterThan(50);
    expect(refusedByBreak).toBeGreaterThan(0);
  });
});

describe('pinned trips', () => {
  test('pinnedToFarVehicle_stillGoesThere: a pinned request is never inserted into another vehicle', () => {
    const map = `
      a . b . . . . . . . . c
    `;
    const free = scenario(map, { vehicles: [{ at: 'a' }, { at: 'c' }], requests: [{ from: 'b', to: 'a' }] });
    const freeFound = new BestInsertionFinder(free.problem, free.scratch).find([free.route(0, ''), free.route(1, '')], 0);
    expect(freeFound.ok && freeFound.insertion.vehicle).toBe(0);
    const pinned = scenario(map, { vehicles: [{ at: 'a' }, { at: 'c' }], requests: [{ from: 'b', to: 'a', pinned: 1 }] });
    const finder = new BestInsertionFinder(pinned.problem, pinned.scratch);
    expect(finder.bestInRoute(pinned.route(0, ''), 0)).toBe(INFEASIBLE);
    const found = finder.find([pinned.route(0, ''), pinned.route(1, '')], 0);
    expect(found.ok && found.insertion.vehicle).toBe(1);
  });
});
