import type { Manifest, ManifestStop } from '../../protocol/realtime';
import type { LngLat } from '../../routing/Router';
import { lineRouter } from '../../test-support/lineRouter';
import { distanceM } from '../../routing/geo';
import type { AckResult, DriverLink } from './DriverLink';
import { SimulatedVehicle } from './SimulatedVehicle';

/**
 *     S ------------ R            S: where the bus stands idle; R: where the rebalancer sends it (2.2 km east)
 *     P                           P: a rider who calls while it drives there (at S, 1.1 km south)
 */
const T = Date.UTC(2026, 2, 2, 8) / 1000;
const S: LngLat = [127.1, 37.5];
const R: LngLat = [127.125, 37.5];
const P: LngLat = [127.1, 37.49];


class Link implements DriverLink {
  readonly reports: string[] = [];
  constructor(public manifest: Manifest) {}
  async position(): Promise<void> {}
  async stopEvent(_tripId: string, event: string): Promise<AckResult> {
    this.reports.push(event);
    return { ok: true };
  }
  async close(): Promise<void> {}
}

const idle = (repositionTo?: LngLat): Manifest => ({
  vehicleId: 'v1', onShift: true, shiftEndsAt: null, scheduleVersion: 1, stops: [], routeToNext: [], maneuversToNext: [], offSiteStopM: 150,
  ...(repositionTo ? { repositionTo: [repositionTo[0], repositionTo[1]] as [number, number] } : {}),
});
const pickup: ManifestStop = { tripId: 't1', kind: 'pickup', location: [P[0], P[1]], riderName: '', street: '', noShowAllowedAtS: null, passengers: 1, wheelchairs: 0, plannedAt: T, earliestS: T, latestS: T + 900, state: 'planned' };

test('an idle bus told to reposition drives there, counts the km, and then waits', async () => {
  const link = new Link(idle(R));
  const v = new SimulatedVehicle('v1', S, link, lineRouter, { dwellS: 30, noShowWaitS: 60, pingEveryS: 5 }, { noShows: new Set() });
  for (let t = T; t <= T + 400; t++) await v.step(t);
  expect(distanceM(v.position, R)).toBeLessThan(1);
  expect(v.odometerM).toBeCloseTo(distanceM(S, R), -1);
  expect(link.reports).toEqual([]);
});

test('a stop that comes in during a reposition is driven to at once, from where the bus is', async () => {
  const link = new Link(idle(R));
  const v = new SimulatedVehicle('v1', S, link, lineRouter, { dwellS: 30, noShowWaitS: 60, pingEveryS: 5 }, { noShows: new Set() });
  for (let t = T; t < T + 60; t++) await v.step(t);
  const there = v.position;
  expect(distanceM(S, there)).toBeGreaterThan(500); // on its way east
  link.manifest = { ...idle(), stops: [pickup] };
  let arrivedAt = NaN;
  for (let t = T + 60; t < T + 600 && Number.isNaN(arrivedAt); t++) {
    await v.step(t);
    if (link.reports.includes('arrived_pickup')) arrivedAt = t;
  }
  // From where it was after a minute, straight to P: no detour by R first.
  expect(arrivedAt - (T + 60)).toBeCloseTo(distanceM(there, P) / 10, -1);
});
