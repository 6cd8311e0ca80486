import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import type { LngLat } from '../../routing/Router';
import { ManualClock } from '../clock/Clock';
import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { FleetState } from '../fleet/FleetState';
import { VEHICLE_REPOSITIONED } from '../persistence/RebalancingRepository';
import { ChangeFeed } from '../realtime/ChangeFeed';
import { vehicle } from '../testing/fleetScenario';
import { Rebalancer } from './Rebalancer';

/**
 * Songpa, 1.5 km apart along a street: H, where riders called six times yesterday in the coming hour, and Q, where two
 * buses stand idle. Yesterday's calls two hours later at Q are outside the coming hour and do not count.
 */
const H: LngLat = [127.1, 37.5];
const Q: LngLat = [127.117, 37.5];
const NOW = Date.UTC(2026, 2, 3, 8, 0, 0) / 1000;
const DAY = 86400;
const policy = { ...DEFAULT_POLICY, rebalance: true, rebalancePastDays: 1, rebalanceMinIdleS: 60, rebalanceEveryS: 120, rebalanceCellM: 500 };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const near = (p: LngLat, k: number): LngLat => [p[0] + k * 0.0001, p[1]];
  await t.db.repos.rebalancing!.importPastRequests([
    ...Array.from({ length: 6 }, (_, k) => ({ id: `h${k}`, riderId: `r${k}`, origin: near(H, k), destination: Q, passengers: 1, requestedPickupAtS: NOW - DAY + 300 * k })),
    ...Array.from({ length: 6 }, (_, k) => ({ id: `q${k}`, riderId: `s${k}`, origin: near(Q, k), destination: H, passengers: 1, requestedPickupAtS: NOW - DAY + 2 * 3600 + 60 * k })),
  ]);
}, 60_000);
afterAll(() => t.drop());

test('two buses idle where nobody calls are sent where riders called at this hour yesterday, once, and logged', async () => {
  const clock = new ManualClock(NOW);
  const fleet = new FleetState(37.5);
  for (const id of ['bus-1', 'bus-2']) fleet.putVehicle(vehicle(id, Q, Q, { scheduleVersion: 3 }));
  const changes = new ChangeFeed();
  let pushed = 0;
  changes.on('committed', () => pushed++);
  const rebalancer = new Rebalancer({ fleet, repo: t.db.repos.rebalancing!, policy, clock, changes, referenceLat: 37.5 });

  // Just dropped their riders off: they wait where they are first.
  expect(await rebalancer.tick()).toEqual([]);
  clock.advance(150);
  const moves = await rebalancer.tick();
  expect(moves.map((m) => m.vehicleId).sort()).toEqual(['bus-1', 'bus-2']);
  for (const m of moves) {
    expect(m.distanceM).toBeGreaterThan(1200);
    expect(m.distanceM).toBeLessThan(1800);
    expect(fleet.vehicles.get(m.vehicleId)!.reposition).toEqual({ to: m.to, scheduleVersion: 3 });
  }
  expect(pushed).toBe(1);
  const events = (await t.db.repos.events.listAfter(0, 100)).filter((e) => e.type === VEHICLE_REPOSITIONED);
  expect(events.map((e) => e.vehicleId).sort()).toEqual(['bus-1', 'bus-2']);

  // On their way already: the next pass sends nothing new.
  clock.advance(150);
  expect(await rebalancer.tick()).toEqual([]);
  expect(pushed).toBe(1);
});

test('with the policy flag off, nothing moves', async () => {
  const clock = new ManualClock(NOW);
  const fleet = new FleetState(37.5);
  fleet.putVehicle(vehicle('bus-1', Q, Q));
  const rebalancer = new Rebalancer({ fleet, repo: t.db.repos.rebalancing!, policy: { ...policy, rebalance: false }, clock, changes: new ChangeFeed(), referenceLat: 37.5 });
  await rebalancer.tick();
  clock.advance(600);
  expect(await rebalancer.tick()).toEqual([]);
  expect(fleet.vehicles.get('bus-1')!.reposition).toBeUndefined();
});
