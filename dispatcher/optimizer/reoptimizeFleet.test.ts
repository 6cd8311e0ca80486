import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { DenseTravelTimes } from '../insertion/TravelTimes';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { grid, MINUTE, minutes, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { reoptimizeFleet } from './reoptimizeFleet';
import { fleetLocations } from '../fleet/compileFleetProblem';

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0 };

/** All locations of the vehicles in matrix order, with a dense Manhattan matrix. */
function setup(vehicles: FleetVehicle[]) {
  const { points, ...loc } = fleetLocations(vehicles);
  const n = points.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) d[a * n + b] = minutes(points[a], points[b]);
  return { loc, tt: new DenseTravelTimes(n, d, d) };
}

const run = (vehicles: FleetVehicle[], trips: FleetTrip[]) => {
  const { loc, tt } = setup(vehicles);
  return reoptimizeFleet(vehicles, new Map(trips.map((t) => [t.id, t])), loc, tt, policy, T0, { maxIterations: 300, seed: 3 });
};

describe('re-optimizing the fleet', () => {
  test('a trip given to a far vehicle moves to the vehicle that passes by, with its promise kept', () => {
    const at = grid(`
      a..........................b
      .............p.q............
    `);
    // Vehicle A at a was given the p→q trip; B, idle at b, is as close; A must also serve its own job near a.
    const moved = trip('moved', 'A', at('p'), at('q'), { pickupEarliestS: T0, pickupLatestS: T0 + 25 * MINUTE, arriveByS: T0 + 60 * MINUTE });
    const A = withTrips(vehicle('A', at('a'), at('a')), [moved]);
    const B = vehicle('B', at('b'), at('b'));
    const result = run([A, B], [moved]);
    if (!result) throw new Error('expected an improvement');
    expect(result.costAfter).toBeLessThan(result.costBefore);
    for (const s of result.schedules.flatMap((x) => x.stops)) {
      if (s.kind === 'pickup') {
        expect(s.plannedArrivalS).toBeGreaterThanOrEqual(moved.pickupEarliestS);
        expect(s.plannedArrivalS).toBeLessThanOrEqual(moved.pickupLatestS);
      } else {
        expect(s.plannedArrivalS).toBeLessThanOrEqual(moved.arriveByS);
      }
    }
  });

  test('a rider on board never changes vehicle', () => {
    const at = grid(`
      a.........q................b
    `);
    const riding = trip('riding', 'A', at('a'), at('q'), { onBoard: true });
    const A = withTrips(vehicle('A', at('a'), at('a')), [riding]);
    const B = vehicle('B', at('q'), at('b'));
    const result = run([A, B], [riding]);
    expect(result?.moved.find((m) => m.tripId === 'riding')).toBeUndefined();
  });

  test('the locked next stop keeps its place at the head of the schedule', () => {
    const at = grid(`
      a....x....y.................
    `);
    const far = trip('far', 'A', at('y'), at('a'));
    const near = trip('near', 'A', at('x'), at('a'));
    // A is committed to drive to y first although x is on the way.
    const A = { ...withTrips(vehicle('A', at('a'), at('a')), [far, near]), lockedCount: 1 };
    const result = run([A], [far, near]);
    for (const s of result?.schedules ?? []) expect(s.stops[0]).toMatchObject({ tripId: 'far', kind: 'pickup' });
  });

  test('a plan that is already best is left alone', () => {
    const at = grid(`
      a.p.q
    `);
    const only = trip('only', 'A', at('p'), at('q'));
    expect(run([withTrips(vehicle('A', at('a'), at('a')), [only])], [only])).toBeNull();
  });
});
