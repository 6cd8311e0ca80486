import { fleetLocations } from './compileFleetProblem';
import { DEFAULT_POLICY, type DispatchPolicy } from './DispatchPolicy';
import type { FleetTrip, FleetVehicle } from './FleetModel';
import { DenseTravelTimes } from '../insertion/TravelTimes';
import { grid, MINUTE, minutes, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { planManualMove } from './planManualMove';

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0 };

function move(from: FleetVehicle, to: FleetVehicle, trips: FleetTrip[], tripId: string) {
  const { points, ...loc } = fleetLocations([from, to]);
  const n = points.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) d[a * n + b] = minutes(points[a], points[b]);
  return planManualMove([from, to], new Map(trips.map((t) => [t.id, t])), tripId, loc, new DenseTravelTimes(n, d, d), policy, T0);
}

// A at a is 2 min from p; B at b is 22 min from it. The rider was promised a pickup by T0 + 10 min.
const at = grid(`
  a.p.q..................b
`);
const promise = { pickupEarliestS: T0, pickupLatestS: T0 + 10 * MINUTE, arriveByS: T0 + 40 * MINUTE };

describe('an operator moving a trip to a chosen vehicle', () => {
  test('to a vehicle near enough: nothing is broken, both vehicles are re-timed', () => {
    const t = trip('t', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [t]);
    const B = vehicle('B', at('q'), at('b'));
    const out = move(A, B, [t], 't');
    if (!out.ok) throw new Error(out.why);
    expect(out.move.violations).toEqual([]);
    expect(out.move.from.stops).toEqual([]);
    expect(out.move.to.stops.map((s) => `${s.kind}:${s.tripId}`)).toEqual(['pickup:t', 'dropoff:t']);
    expect(out.move.pickupAtS).toBe(T0 + 2 * MINUTE);
    expect(out.move.dropoffAtS).toBe(T0 + 4 * MINUTE);
  });

  test('to a far vehicle: the late pickup is named with how late, and may be overridden', () => {
    const t = trip('t', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [t]);
    const B = vehicle('B', at('b'), at('b'));
    const out = move(A, B, [t], 't');
    if (!out.ok) throw new Error(out.why);
    expect(out.move.violations).toEqual([expect.objectContaining({ code: 'LatePickup', tripId: 't', byS: 11 * MINUTE, overridable: true })]);
    expect(out.move.pickupAtS).toBe(T0 + 21 * MINUTE);
  });

  test('to a full vehicle, or one whose shift ends first: refused whatever the reason (not overridable)', () => {
    const t = trip('t', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [t]);
    const full = move(A, vehicle('B', at('q'), at('b'), { seats: 0 }), [t], 't');
    if (!full.ok) throw new Error(full.why);
    expect(full.move.violations.map((v) => [v.code, v.overridable])).toEqual([['VehicleFull', false]]);
    const ending = move(A, vehicle('B', at('q'), at('b'), { shiftEndS: T0 + 10 * MINUTE }), [t], 't');
    if (!ending.ok) throw new Error(ending.why);
    // Back at b: 4 min to q via p, then 19 min to b = T0 + 23 min, 13 min after the shift end.
    expect(ending.move.violations).toEqual([expect.objectContaining({ code: 'ShiftEnd', byS: 13 * MINUTE, overridable: false })]);
  });

  test('to a vehicle whose driver break makes the pickup late: the break is named as the cause', () => {
    const t = trip('t', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [t]);
    const B = vehicle('B', at('q'), at('b'), { breaks: [{ startS: T0 + MINUTE, endS: T0 + 20 * MINUTE }] });
    const out = move(A, B, [t], 't');
    if (!out.ok) throw new Error(out.why);
    expect(out.move.violations.map((v) => v.code)).toEqual(['LatePickup', 'BreakWindow']);
    // It waits out the break and then drives the 2 min to p.
    expect(out.move.pickupAtS).toBe(T0 + 22 * MINUTE);
  });

  test('a trip on board, or whose pickup the vehicle is already driving to, cannot move', () => {
    const riding = trip('riding', 'A', at('a'), at('q'), { onBoard: true });
    const A = withTrips(vehicle('A', at('a'), at('a')), [riding]);
    expect(move(A, vehicle('B', at('q'), at('b')), [riding], 'riding')).toEqual({ ok: false, why: 'OnBoard' });
    const next = trip('next', 'A', at('p'), at('q'), promise);
    const locked = { ...withTrips(vehicle('A', at('a'), at('a')), [next]), lockedCount: 1 };
    expect(move(locked, vehicle('B', at('q'), at('b')), [next], 'next')).toEqual({ ok: false, why: 'PickupLocked' });
  });
});
