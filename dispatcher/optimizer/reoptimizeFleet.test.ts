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
      ................p.q.........
    `);
    // Vehicle A at a was given the p→q trip; B, idle at b, is 5 minutes nearer to p.
    const moved = trip('moved', 'A', at('p'), at('q'), { pickupEarliestS: T0, pickupLatestS: T0 + 25 * MINUTE, arriveByS: T0 + 60 * MINUTE });
    const A = withTrips(vehicle('A', at('a'), at('a')), [moved]);
    const B = vehicle('B', at('b'), at('b'));
    const result = run([A, B], [moved]);
    if (!result) throw new Error('expected an improvement');
    expect(result.costAfter).toBeLessThan(result.costBefore);
    expect(result.moved).toEqual([{ tripId: 'moved', fromVehicleId: 'A', toVehicleId: 'B' }]);
    const stops = result.schedules.flatMap((x) => x.stops);
    expect(stops.map((s) => `${s.kind}:${s.tripId}`)).toEqual(['pickup:moved', 'dropoff:moved']);
    for (const s of stops) {
      if (s.kind === 'pickup') {
        expect(s.plannedArrivalS).toBeGreaterThanOrEqual(moved.pickupEarliestS);
        expect(s.plannedArrivalS).toBeLessThanOrEqual(moved.pickupLatestS);
      } else {
        expect(s.plannedArrivalS).toBeLessThanOrEqual(moved.arriveByS);
      }
    }
  });

  test('a vehicle running late in the group does not keep the others from being re-planned', () => {
    const at = grid(`
      a..........................b
      ................p.q.........
      c.x.........................
    `);
    const moved = trip('moved', 'A', at('p'), at('q'), { pickupEarliestS: T0, pickupLatestS: T0 + 25 * MINUTE, arriveByS: T0 + 60 * MINUTE });
    const A = withTrips(vehicle('A', at('a'), at('a')), [moved]);
    const B = vehicle('B', at('b'), at('b'));
    // C was promised a pickup at x by T0 + 1 min, two minutes away: it runs late, and no plan of the group can fix it.
    const late = trip('late', 'C', at('x'), at('c'), { pickupEarliestS: T0 - 10 * MINUTE, pickupLatestS: T0 + MINUTE });
    const C = withTrips(vehicle('C', at('c'), at('c')), [late]);
    const result = run([A, C, B], [moved, late]);
    if (!result) throw new Error('expected the trip to move to B despite C running late');
    expect(result.moved).toEqual([{ tripId: 'moved', fromVehicleId: 'A', toVehicleId: 'B' }]);
    expect(result.schedules.map((x) => x.vehicleId).sort()).toEqual(['A', 'B']);
  });

  test('a rider on board stays on the vehicle while the trip still waiting for pickup moves to the bus passing by', () => {
    const at = grid(`
      a.........q.........x.y....b
    `);
    // A carries `riding` to q and then must fetch `waiting` near b; B, at q and heading to b, passes by x and y.
    // Moving both to B would be cheaper still, but `riding` is physically in A.
    const riding = trip('riding', 'A', at('a'), at('q'), { onBoard: true });
    const waiting = trip('waiting', 'A', at('x'), at('y'));
    const A = withTrips(vehicle('A', at('a'), at('a')), [riding, waiting]);
    const B = vehicle('B', at('q'), at('b'));
    const result = run([A, B], [riding, waiting]);
    if (!result) throw new Error('expected the waiting trip to move to B');
    expect(result.moved).toEqual([{ tripId: 'waiting', fromVehicleId: 'A', toVehicleId: 'B' }]);
    const byVehicle = new Map(result.schedules.map((s) => [s.vehicleId, s.stops.map((x) => `${x.kind}:${x.tripId}`)]));
    expect(byVehicle.get('A')).toEqual(['dropoff:riding']);
    expect(byVehicle.get('B')).toEqual(['pickup:waiting', 'dropoff:waiting']);
  });

  test('the locked next stop keeps its place at the head of the schedule', () => {
    const at = grid(`
      a....x....y.................
    `);
    const far = trip('far', 'A', at('y'), at('a'));
    const near = trip('near', 'A', at('x'), at('a'));
    // A is committed to drive to y first although x is on the way: near is picked up on the way back instead
    // of after a second trip out (a→y→a→x→a becomes a→y→x→a).
    const A = { ...withTrips(vehicle('A', at('a'), at('a')), [far, near]), lockedCount: 1 };
    const result = run([A], [far, near]);
    if (!result) throw new Error('expected near to be picked up on the way back');
    expect(result.schedules).toHaveLength(1);
    const order = result.schedules[0].stops.map((s) => `${s.kind}:${s.tripId}`);
    expect(order.slice(0, 2)).toEqual(['pickup:far', 'pickup:near']);
    expect(order.slice(2).sort()).toEqual(['dropoff:far', 'dropoff:near']);
  });

  test('a plan that is already best is left alone', () => {
    const at = grid(`
      a.p.q
    `);
    const only = trip('only', 'A', at('p'), at('q'));
    expect(run([withTrips(vehicle('A', at('a'), at('a')), [only])], [only])).toBeNull();
  });

  test('a trip an operator pinned to the far vehicle stays there, where the unpinned one moves', () => {
    const at = grid(`
      a..........................b
      ................p.q.........
    `);
    const pinned = trip('pinned', 'A', at('p'), at('q'), { pickupEarliestS: T0, pickupLatestS: T0 + 25 * MINUTE, arriveByS: T0 + 60 * MINUTE, pinned: true });
    const A = withTrips(vehicle('A', at('a'), at('a')), [pinned]);
    const B = vehicle('B', at('b'), at('b'));
    // The same plan without the pin moves the trip to B (first test); pinned, the search finds nothing better.
    const result = run([A, B], [pinned]);
    expect(result === null ? [] : result.moved).toEqual([]);
  });

  test('a driver break: the trip does not move to the vehicle whose break would make its pickup late', () => {
    const at = grid(`
      a..........................b
      .............p.q............
    `);
    const promise = { pickupEarliestS: T0, pickupLatestS: T0 + 25 * MINUTE, arriveByS: T0 + 60 * MINUTE };
    const moved = trip('moved', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [moved]);
    // B is on a break for the next 30 minutes: picking up by T0 + 25 min is impossible for it.
    const B = vehicle('B', at('b'), at('b'), { breaks: [{ startS: T0, endS: T0 + 30 * MINUTE }] });
    const result = run([A, B], [moved]);
    expect(result === null ? [] : result.moved).toEqual([]);
  });

  test('a driver break: a trip moved to a vehicle with a break is planned around it', () => {
    const at = grid(`
      a..........................b
      ....................p.q.....
    `);
    const promise = { pickupEarliestS: T0, pickupLatestS: T0 + 40 * MINUTE, arriveByS: T0 + 80 * MINUTE };
    const moved = trip('moved', 'A', at('p'), at('q'), promise);
    const A = withTrips(vehicle('A', at('a'), at('a')), [moved]);
    const breakWindow = { startS: T0 + MINUTE, endS: T0 + 11 * MINUTE };
    const B = vehicle('B', at('b'), at('b'), { breaks: [breakWindow] });
    const result = run([A, B], [moved]);
    if (!result) throw new Error('expected the trip to move to B around its break');
    expect(result.moved).toEqual([{ tripId: 'moved', fromVehicleId: 'A', toVehicleId: 'B' }]);
    const [pickup, dropoff] = result.schedules.find((x) => x.vehicleId === 'B')!.stops;
    // B cannot drive b→p (8 min) before its break at T0+1 min: it leaves at T0+11 min and picks up at T0+19 min,
    // still sooner than A (21 min away), and far cheaper.
    expect(pickup.legS).toBe(8 * MINUTE);
    expect(pickup.plannedArrivalS).toBe(T0 + 19 * MINUTE);
    expect(dropoff.plannedArrivalS).toBe(pickup.plannedArrivalS + dropoff.legS);
  });
});
