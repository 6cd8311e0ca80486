import type { LngLat, Router } from '../../routing/Router';
import { ManualClock } from '../clock/Clock';
import type { PlannedStop } from '../fleet/FleetModel';
import { LegTimer } from './LegTimer';
import { SpeedFactorRouter } from './SpeedFactorRouter';
import { hourOf, SPEED_FACTOR_DEFAULTS, SpeedFactors } from './SpeedFactors';

/** 2027-03-01 08:00:00 UTC: the morning peak hour in these tests. */
const EIGHT = Date.UTC(2027, 2, 1, 8) / 1000;
const NINE = EIGHT + 3600;

describe('per-hour speed factors', () => {
  test('unlearnt: every hour drives at the router\'s speed', () => {
    const f = new SpeedFactors();
    expect(f.at(EIGHT)).toBe(1);
    expect(f.learnt()).toEqual([]);
  });

  test('peakLegsThirtyPercentSlower: the 08:00 factor converges to 1.3, 09:00 stays 1', () => {
    const f = new SpeedFactors();
    for (let i = 0; i < 200; i++) f.observe(EIGHT + i * 10, 600, 780);
    expect(f.at(EIGHT + 1800)).toBeCloseTo(1.3, 6);
    expect(f.at(NINE)).toBe(1);
    expect(f.learnt()).toEqual([{ hour: 8, factor: expect.closeTo(1.3, 6), samples: 200 }]);
  });

  test('firstSample_thenMovingAverage: one leg sets the hour; later ones move it by alpha in log space', () => {
    const f = new SpeedFactors();
    expect(f.observe(EIGHT, 600, 1200)).toEqual({ hour: 8, factor: 2, samples: 1 });
    // Second sample weighs 1/2: the geometric mean of 2 and 0.5 is 1.
    expect(f.observe(EIGHT, 600, 300)!.factor).toBeCloseTo(1, 9);
    for (let i = 0; i < 20; i++) f.observe(EIGHT, 600, 600);
    // From the 10th sample on, each weighs alpha: a slow leg now moves the factor by (ratio)^alpha.
    const before = f.at(EIGHT);
    const after = f.observe(EIGHT, 600, 1200)!.factor;
    expect(after / before).toBeCloseTo(2 ** SPEED_FACTOR_DEFAULTS.alpha, 9);
  });

  test('noise_isNotLearnt: a short leg, a detour four times longer, a GPS glitch, nothing observed', () => {
    const f = new SpeedFactors();
    expect(f.observe(EIGHT, 30, 90)).toBeNull();
    expect(f.observe(EIGHT, 600, 3000)).toBeNull();
    expect(f.observe(EIGHT, 600, 100)).toBeNull();
    expect(f.observe(EIGHT, 600, 0)).toBeNull();
    expect(f.learnt()).toEqual([]);
  });

  test('clamped_andRestored: a factor stays within [min, max]; load() brings learnt hours back', () => {
    const f = new SpeedFactors();
    for (let i = 0; i < 100; i++) f.observe(EIGHT, 600, 2390);
    expect(f.at(EIGHT)).toBeLessThanOrEqual(SPEED_FACTOR_DEFAULTS.max);
    const g = new SpeedFactors();
    g.load([...f.learnt(), { hour: 25, factor: 9, samples: 1 }]);
    expect(g.learnt()).toEqual(f.learnt());
    expect(hourOf(EIGHT - 1)).toBe(7);
    expect(hourOf(-1)).toBe(23);
  });
});

describe('timing legs', () => {
  const stop = (tripId: string, kind: PlannedStop['kind']) => ({ tripId, kind }) as PlannedStop;
  test('oneDrive_oneSample: from heading for a stop to arriving there', () => {
    const t = new LegTimer();
    t.heading('v', stop('a', 'pickup'), EIGHT, 300);
    t.heading('v', stop('a', 'pickup'), EIGHT + 60, 250); // a later fix on the same leg keeps its start
    expect(t.arrived('v', stop('a', 'pickup'), EIGHT + 420)).toEqual({ startedAtS: EIGHT, plannedS: 300, observedS: 420 });
    expect(t.arrived('v', stop('a', 'pickup'), EIGHT + 500)).toBeNull();
  });
  test('targetChanged_onTheWay: the leg starts afresh; arriving at the old target teaches nothing', () => {
    const t = new LegTimer();
    t.heading('v', stop('a', 'pickup'), EIGHT, 300);
    t.heading('v', stop('b', 'dropoff'), EIGHT + 100, 200); // a re-plan sends it to b instead
    expect(t.arrived('v', stop('a', 'pickup'), EIGHT + 200)).toBeNull();
    expect(t.arrived('v', stop('b', 'dropoff'), EIGHT + 400)).toEqual({ startedAtS: EIGHT + 100, plannedS: 200, observedS: 300 });
    t.heading('v', undefined, EIGHT + 400, 0); // nothing planned: no leg
    expect(t.arrived('v', stop('b', 'dropoff'), EIGHT + 500)).toBeNull();
  });
});

describe('a router at the learnt speeds', () => {
  const legs = [600, 3600];
  const backend = {
    name: 'fixed',
    route: async (points: readonly LngLat[]) => ({ durationS: 4200, distanceM: 9000, geometry: { type: 'LineString' as const, coordinates: [...points] }, legs: legs.map((d) => ({ durationS: d, distanceM: 1000 })) }),
    table: async () => ({ durationsS: [[100, null]], distancesM: [[1000, null]] }),
    nearest: async (p: LngLat) => ({ location: p, distanceM: 0, name: 'x' }),
    close: async () => {},
  } satisfies Router;

  test('eachLegAtItsHour: a leg starting at 07:50 drives at 07:00\'s factor, the next one at 08:00\'s', async () => {
    const f = new SpeedFactors();
    f.load([{ hour: 7, factor: 1.5, samples: 10 }, { hour: 8, factor: 2, samples: 10 }]);
    const clock = new ManualClock(EIGHT - 600);
    const r = new SpeedFactorRouter(backend, f, clock);
    const route = await r.route([[0, 0], [1, 0], [2, 0]]);
    // 600 s × 1.5 = 900 s: the second leg starts at 08:05, at factor 2.
    expect(route.legs.map((l) => l.durationS)).toEqual([900, 7200]);
    expect(route.durationS).toBe(8100);
    expect(route.distanceM).toBe(9000);
    expect((await r.table([[0, 0]], [[1, 0], [2, 0]])).durationsS).toEqual([[150, null]]);
    expect((await r.table([[0, 0]], [[1, 0]])).distancesM).toEqual([[1000, null]]);
  });

  test('preBookedForNine: a trip decided at 07:50 for 09:00 is planned at 09:00\'s factor; never before now', async () => {
    const f = new SpeedFactors();
    f.load([{ hour: 7, factor: 1.5, samples: 10 }, { hour: 9, factor: 1.2, samples: 10 }]);
    const clock = new ManualClock(EIGHT - 600);
    const r = new SpeedFactorRouter(backend, f, clock);
    expect((await r.drivenFrom(NINE).table([[0, 0]], [[1, 0]])).durationsS).toEqual([[120, null]]);
    expect((await r.drivenFrom(EIGHT - 3600).table([[0, 0]], [[1, 0]])).durationsS).toEqual([[150, null]]);
  });
});
