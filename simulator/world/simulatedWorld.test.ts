import type { LngLat } from '../../routing/Router';
import { SimulatedWorld } from './SimulatedWorld';
import { TrafficProfile } from './TrafficProfile';
import { DEFAULT_WORLD, type WorldConfig } from './WorldConfig';

/** A straight road east from Songpa, 20 segments of 30 s each as the router plans them. */
const LINE: LngLat[] = Array.from({ length: 21 }, (_, i) => [127.1 + i * 0.002, 37.5] as LngLat);
const PLANNED = Array.from({ length: 20 }, () => 30);
const PLACES: LngLat[] = [[127.1, 37.5], [127.12, 37.5], [127.14, 37.51]];
/** 2026-03-02 08:00 UTC: the morning peak on the simulate command's clock. */
const PEAK = Date.UTC(2026, 2, 2, 8) / 1000;
const NIGHT = Date.UTC(2026, 2, 2, 3) / 1000;

const calm: WorldConfig = { ...DEFAULT_WORLD, incidents: { ...DEFAULT_WORLD.incidents, perHour: 0 }, drivers: { ...DEFAULT_WORLD.drivers, missedTurnShare: 0 } };
const world = (c: Partial<WorldConfig>) => SimulatedWorld.create({ ...calm, ...c }, PEAK - 3600, PEAK + 3 * 3600, PLACES);
const total = (w: SimulatedWorld, vehicle: string, leg: number, at: number) => w.driveTimes(vehicle, leg, LINE, PLANNED, at).at(-1)!;

test('a plain world drives exactly the plan: no traffic, no noise, no incident', () => {
  expect(total(world({ traffic: 'none', noiseSigma: 0 }), 'v1', 0, PEAK)).toBeCloseTo(600, 6);
});

test('the same seed gives the same world, draw for draw; another seed another one', () => {
  const config: Partial<WorldConfig> = { traffic: 'city', noiseSigma: 0.2, seed: 7, incidents: { ...DEFAULT_WORLD.incidents, perHour: 4 }, drivers: { missedTurnShare: 0.5, detourM: 300 } };
  const a = world(config);
  const b = world(config);
  const c = world({ ...config, seed: 8 });
  const draws = (w: SimulatedWorld) => ({
    legs: [0, 1, 2, 3].map((leg) => w.driveTimes('v1', leg, LINE, PLANNED, PEAK)),
    incidents: w.incidents.list,
    detours: [0, 1, 2, 3].map((leg) => w.drivers.detourVia('v1', leg, LINE)),
    riders: ['r1', 'r2', 'r3'].map((r) => w.riders.of(r)),
    gps: [0, 1, 2].map((t) => w.gpsOf('v1').fix(LINE[3], PEAK + t)),
  });
  expect(draws(a)).toEqual(draws(b));
  expect(a.incidents.list.length).toBeGreaterThan(0);
  expect(draws(c).legs).not.toEqual(draws(a).legs);
});

test('city traffic slows the morning peak by 30-50 % and leaves the night free-flowing', () => {
  const city = new TrafficProfile('city');
  expect(city.factorAt(PEAK)).toBeGreaterThanOrEqual(1.3);
  expect(city.factorAt(PEAK)).toBeLessThanOrEqual(1.5);
  expect(city.factorAt(NIGHT)).toBe(1);
  expect(new TrafficProfile('none').factorAt(PEAK)).toBe(1);
  // Seoul's 08:00 is 23:00 UTC the day before: the offset moves the peak.
  expect(new TrafficProfile('city', 9 * 3600).factorAt(Date.UTC(2026, 2, 1, 23) / 1000)).toBe(city.factorAt(PEAK));
  const w = world({ traffic: 'city' });
  expect(total(w, 'v1', 0, PEAK)).toBeGreaterThan(1.3 * 600 - 1e-6);
  expect(total(w, 'v1', 0, NIGHT)).toBeCloseTo(600, 6);
});

test('noise spreads leg times around the plan (σ 0.2): legs differ, and their mean stays near the plan', () => {
  const w = world({ noiseSigma: 0.2 });
  const times = Array.from({ length: 400 }, (_, leg) => total(w, 'v1', leg, NIGHT));
  expect(new Set(times.map((t) => Math.round(t))).size).toBeGreaterThan(100);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  expect(mean).toBeGreaterThan(570);
  expect(mean).toBeLessThan(630);
  expect(Math.min(...times)).toBeLessThan(500);
  expect(Math.max(...times)).toBeGreaterThan(700);
});

test('an incident makes its area twice as slow while it lasts, and only there', () => {
  const w = SimulatedWorld.create({ ...calm, incidents: { perHour: 60, durationS: 1200, radiusM: 300, factor: 2 } }, NIGHT, NIGHT + 600, [LINE[10]]);
  const first = w.incidents.list[0];
  expect(w.incidents.factorAt(LINE[10], first.startS + 1)).toBe(2);
  expect(w.incidents.factorAt(LINE[10], first.startS - 1)).toBe(1);
  expect(w.incidents.factorAt(LINE[0], first.startS + 1)).toBe(1);
  expect(total(w, 'v1', 0, first.startS)).toBeGreaterThan(600);
});

test('dwell grows with passengers and wheelchairs; a missed turn detours off the line', () => {
  const w = world({ drivers: { missedTurnShare: 1, detourM: 300 } });
  expect(w.dwell.seconds(1, 0)).toBe(DEFAULT_WORLD.dwell.baseS + DEFAULT_WORLD.dwell.perPassengerS);
  expect(w.dwell.seconds(2, 1)).toBe(DEFAULT_WORLD.dwell.baseS + 2 * DEFAULT_WORLD.dwell.perPassengerS + DEFAULT_WORLD.dwell.perWheelchairS);
  const via = w.drivers.detourVia('v1', 0, LINE);
  expect(via).not.toBeNull();
  // 300 m north or south of an east-bound road.
  expect(Math.abs(via![1] - 37.5) * 111_320).toBeCloseTo(300, 0);
  expect(world({}).drivers.detourVia('v1', 0, LINE)).toBeNull();
});

test('GPS fixes scatter by metres and drop out for a while, but a forced fix comes through', () => {
  const gps = world({ gps: { noiseM: 5, dropoutShare: 1, dropoutS: 30 } }).gpsOf('v1');
  expect(gps.fix(LINE[0], PEAK)).toBeNull();
  expect(gps.fix(LINE[0], PEAK + 10)).toBeNull();
  const forced = gps.fix(LINE[0], PEAK + 10, true);
  expect(forced).not.toBeNull();
  const offM = Math.hypot((forced![0] - LINE[0][0]) * 111_320 * Math.cos((37.5 * Math.PI) / 180), (forced![1] - LINE[0][1]) * 111_320);
  expect(offM).toBeGreaterThan(0);
  expect(offM).toBeLessThan(40);
});
