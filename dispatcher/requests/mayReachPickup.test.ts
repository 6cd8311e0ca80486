import type { LngLat } from '../../routing/Router';
import type { FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { T0, vehicle } from '../testing/fleetScenario';
import { mayReachPickup } from './mayReachPickup';

/** Points on the equator, `km` kilometres east of [0, 0] (1° ≈ 111.2 km). */
const east = (km: number): LngLat => [km / 111.195, 0];
const stop = (tripId: string, kind: 'pickup' | 'dropoff', location: LngLat, legS: number): PlannedStop => ({ tripId, kind, location, earliestS: 0, latestS: T0 + 7200, serviceS: 30, plannedArrivalS: 0, legS, legM: 0 });
const SPEED = 10; // m/s

describe('whether a vehicle could be at a new pickup in time, before any table', () => {
  test('idle 10 km away at 10 m/s: there in 1,000 s (less the 500 m slack), so a 20-minute wait is enough and 10 minutes is not', () => {
    const v = vehicle('idle', east(0), east(0));
    expect(mayReachPickup(v, east(10), T0 + 20 * 60, T0, SPEED)).toBe(true);
    expect(mayReachPickup(v, east(10), T0 + 10 * 60, T0, SPEED)).toBe(false);
  });

  test('the pickup right beside a vehicle that must first drive 30 minutes to its locked stop: not in 15 minutes', () => {
    // position p = pickup; the locked stop s is 30 minutes away, then its drop-off.
    //   p/pickup .................... s
    const v: FleetVehicle = { ...vehicle('busy', east(0), east(0)), lockedCount: 1, stops: [stop('a', 'pickup', east(20), 1800), stop('a', 'dropoff', east(25), 600)] };
    expect(mayReachPickup(v, east(0.1), T0 + 15 * 60, T0, SPEED)).toBe(false);
    // With 75 minutes it could: leave s at 30:30, then 20 km back at 10 m/s (less the slack) ≈ 32.5 minutes.
    expect(mayReachPickup(v, east(0.1), T0 + 75 * 60, T0, SPEED)).toBe(true);
  });

  test('a pickup beside the second stop is reached after it, counting both service times', () => {
    // The first stop lies 3 km the other way: from there the pickup is 12.2 km off (1,500 s by then).
    const v: FleetVehicle = { ...vehicle('busy', east(0), east(0)), lockedCount: 1, stops: [stop('a', 'pickup', east(-3), 300), stop('a', 'dropoff', east(9), 600)] };
    // Leaves stop 2 at 300 + 30 + 600 + 30 = 960 s; the pickup is 0.2 km away (inside the slack).
    expect(mayReachPickup(v, east(9.2), T0 + 960, T0, SPEED)).toBe(true);
    expect(mayReachPickup(v, east(9.2), T0 + 959, T0, SPEED)).toBe(false);
  });

  test('a vehicle busy until later starts from then, not from now', () => {
    const v = vehicle('dwelling', east(0), east(0), { availableAtS: T0 + 600 });
    expect(mayReachPickup(v, east(0), T0 + 599, T0, SPEED)).toBe(false);
    expect(mayReachPickup(v, east(0), T0 + 600, T0, SPEED)).toBe(true);
  });
});
