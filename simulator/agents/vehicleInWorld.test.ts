import type { Manifest, ManifestStop } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';
import type { LngLat } from '../../routing/Router';
import { lineRouter } from '../../test-support/lineRouter';
import { SimulatedWorld } from '../world/SimulatedWorld';
import { DEFAULT_WORLD, type WorldConfig } from '../world/WorldConfig';
import type { DispatcherClient } from './DispatcherClient';
import type { AckResult, DriverLink } from './DriverLink';
import { SimulatedRider } from './SimulatedRider';
import { SimulatedVehicle } from './SimulatedVehicle';

/** 2026-03-02 08:00 UTC: the morning peak on the simulate command's clock. */
const PEAK = Date.UTC(2026, 2, 2, 8) / 1000;
const DEPOT: LngLat = [127.1, 37.5];
const PICKUP: LngLat = [127.12, 37.5];
const DROPOFF: LngLat = [127.14, 37.5];


const stop = (kind: 'pickup' | 'dropoff', location: LngLat, earliestS: number): ManifestStop => ({
  tripId: 't1', kind, location: [location[0], location[1]], riderName: 'Hana', street: '', noShowAllowedAtS: null, passengers: 1, wheelchairs: 0, plannedAt: earliestS, earliestS, latestS: earliestS + 600, state: 'planned',
});

/** A driver link that accepts every report and remembers it with its time; the manifest never changes. */
class RecordingLink implements DriverLink {
  readonly reports: Array<{ event: string; atS: number }> = [];
  readonly positions: LngLat[] = [];
  constructor(readonly manifest: Manifest) {}
  async position(location: [number, number]): Promise<void> {
    this.positions.push(location);
  }
  async stopEvent(_tripId: string, event: string, atS?: number): Promise<AckResult> {
    this.reports.push({ event, atS: atS ?? NaN });
    return { ok: true };
  }
  async close(): Promise<void> {}
}

const manifest = (): Manifest => ({ vehicleId: 'v1', onShift: true, shiftEndsAt: null, scheduleVersion: 1, stops: [stop('pickup', PICKUP, PEAK), stop('dropoff', DROPOFF, PEAK)], routeToNext: [], maneuversToNext: [], offSiteStopM: 150 });
const calm: WorldConfig = { ...DEFAULT_WORLD, incidents: { ...DEFAULT_WORLD.incidents, perHour: 0 }, drivers: { ...DEFAULT_WORLD.drivers, missedTurnShare: 0 }, riders: { ...DEFAULT_WORLD.riders, lateShare: 0 }, gps: { noiseM: 0, dropoutShare: 0, dropoutS: 0 } };

/** Steps a vehicle second by second until it reported `event` (or an hour passed); returns the link. */
async function drive(world: SimulatedWorld | null, noShows: Set<string>, until: string): Promise<RecordingLink> {
  const link = new RecordingLink(manifest());
  const v = new SimulatedVehicle('v1', DEPOT, link, lineRouter, { dwellS: 30, noShowWaitS: 60, pingEveryS: 1 }, { noShows }, world);
  for (let t = PEAK; t < PEAK + 3600 && !link.reports.some((r) => r.event === until); t++) await v.step(t);
  return link;
}
const at = (link: RecordingLink, event: string) => link.reports.find((r) => r.event === event)!.atS;

test('in a city at the morning peak the vehicle reaches the pickup 30-50 % later than the router plans; with no traffic on time', async () => {
  const plannedS = (await lineRouter.route([DEPOT, PICKUP])).durationS;
  const plain = await drive(null, new Set(), 'arrived_pickup');
  const none = await drive(SimulatedWorld.create({ ...calm, traffic: 'none' }, PEAK, PEAK + 3600, []), new Set(), 'arrived_pickup');
  const city = await drive(SimulatedWorld.create({ ...calm, traffic: 'city' }, PEAK, PEAK + 3600, []), new Set(), 'arrived_pickup');
  expect(at(plain, 'arrived_pickup') - PEAK).toBeCloseTo(plannedS, -1);
  expect(at(none, 'arrived_pickup')).toBe(at(plain, 'arrived_pickup'));
  const slower = (at(city, 'arrived_pickup') - PEAK) / plannedS;
  expect(slower).toBeGreaterThanOrEqual(1.3);
  expect(slower).toBeLessThanOrEqual(1.55);
});

test('noise changes the drive: different seeds, different arrival times', async () => {
  const arrivals = new Set<number>();
  for (const seed of [1, 2, 3, 4]) arrivals.add(at(await drive(SimulatedWorld.create({ ...calm, seed, noiseSigma: 0.2 }, PEAK, PEAK + 3600, []), new Set(), 'arrived_pickup'), 'arrived_pickup'));
  expect(arrivals.size).toBeGreaterThan(1);
});

test('a rider who never comes: the vehicle waits its no-show time at the curb and reports a no-show, never a pickup', async () => {
  const link = await drive(SimulatedWorld.create(calm, PEAK, PEAK + 3600, []), new Set(['t1']), 'no_show');
  expect(link.reports.map((r) => r.event)).toEqual(['arrived_pickup', 'no_show']);
  expect(at(link, 'no_show') - at(link, 'arrived_pickup')).toBe(60);
});

test('a rider late to the curb boards when they come, after the dwell', async () => {
  const world = SimulatedWorld.create(calm, PEAK, PEAK + 3600, []);
  const link = new RecordingLink(manifest());
  const v = new SimulatedVehicle('v1', DEPOT, link, lineRouter, { dwellS: 30, noShowWaitS: 600, pingEveryS: 1 }, { noShows: new Set(), lateS: new Map([['t1', 300]]) }, world);
  for (let t = PEAK; t < PEAK + 3600 && !link.reports.some((r) => r.event === 'picked_up'); t++) await v.step(t);
  expect(link.reports.map((r) => r.event)).toEqual(['arrived_pickup', 'picked_up']);
  expect(at(link, 'picked_up')).toBe(PEAK + 300 + world.dwell.seconds(1, 0));
});

test('the no-show rate makes riders no-shows: about that share of accepted riders, none at rate 0', async () => {
  const offered = (id: string, state: TripView['state']) => ({ id, state, promisedPickup: { earliestS: PEAK + 600, latestS: PEAK + 1200 } }) as TripView;
  const api = { requestTrip: async (b: { riderId?: string }) => offered(`trip-${b.riderId}`, 'offered'), accept: async (id: string) => offered(id, 'accepted') } as unknown as DispatcherClient;
  const noShowsAt = async (rate: number) => {
    const noShows = new Set<string>();
    for (let k = 0; k < 200; k++) {
      let seed = k + 1;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      const rider = new SimulatedRider(`r${k}`, { requestedAtS: 0, origin: PICKUP, destination: DROPOFF, passengers: 1 }, api, { acceptShare: 1, cancelShare: 0, noShowShare: rate, answerAfterS: 1 }, random, noShows);
      await rider.step(PEAK, PEAK);
      await rider.step(PEAK + 1, PEAK);
    }
    return noShows.size;
  };
  expect(await noShowsAt(0)).toBe(0);
  const n = await noShowsAt(0.05);
  expect(n).toBeGreaterThanOrEqual(3);
  expect(n).toBeLessThanOrEqual(25);
});

test('a promise moved later while the vehicle waits at the curb: the rider comes for the new window and boards then, not before', async () => {
  const world = SimulatedWorld.create(calm, PEAK, PEAK + 3600, []);
  // The vehicle is early: the window opens 400 s from now, about 220 s after it gets there.
  const early = manifest();
  early.stops[0] = stop('pickup', PICKUP, PEAK + 400);
  const link = new RecordingLink(early);
  const v = new SimulatedVehicle('v1', DEPOT, link, lineRouter, { dwellS: 30, noShowWaitS: 900, pingEveryS: 1 }, { noShows: new Set() }, world);
  let t = PEAK;
  for (; t < PEAK + 3600 && !link.reports.some((r) => r.event === 'arrived_pickup'); t++) await v.step(t);
  // While it waits, the dispatcher moves the window 5 min later (a new manifest).
  const opens = PEAK + 700;
  link.manifest.stops[0] = { ...link.manifest.stops[0], earliestS: opens, latestS: opens + 600 };
  for (; t < PEAK + 3600 && !link.reports.some((r) => r.event === 'picked_up'); t++) await v.step(t);
  expect(link.reports.map((r) => r.event)).toEqual(['arrived_pickup', 'picked_up']);
  expect(at(link, 'picked_up')).toBe(opens + world.dwell.seconds(1, 0));
});
