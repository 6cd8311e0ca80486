import type { LngLat, Router } from '../../routing/Router';
import type { FleetTrip } from '../fleet/FleetModel';
import { FleetState } from '../fleet/FleetState';
import { grid, MINUTE, minutes, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import type { DecisionRecord } from './DecisionTrace';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { planRequest } from './planRequest';
import type { RequestDraft } from './decideRequest';

/** A router on the grid map: one character a minute, except across the river `~`, which `slow` makes an hour. */
function gridRouter(slow: (a: LngLat, b: LngLat) => boolean = () => false): Router {
  const t = (a: LngLat, b: LngLat) => (slow(a, b) ? 60 * MINUTE : minutes(a, b));
  return {
    name: 'grid',
    table: async (src: LngLat[], dst: LngLat[]) => {
      const m = src.map((a) => dst.map((b) => t(a, b)));
      return { durationsS: m, distancesM: m };
    },
    route: async () => {
      throw new Error('unused');
    },
    nearest: async () => {
      throw new Error('unused');
    },
    close: async () => {},
  } as unknown as Router;
}

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 2, rideExtraS: 0, candidateSpeedMps: 1e9 };
const draft = (from: LngLat, to: LngLat): RequestDraft => ({ tripId: 'new', pickup: from, dropoff: to, passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: minutes(from, to), directM: minutes(from, to) });

describe('who is weighed for a request', () => {
  test('three full buses passing the pickup do not crowd out the idle one waiting two streets away', async () => {
    const at = grid(`
      x..a..b...................q
      ...........................
      ...........................
      ..i........................
    `);
    // Buses x, y and z stand at x, each full (4 seats of 4) with riders going 26 minutes along the street through a.
    const fleet = new FleetState(0);
    const trips: FleetTrip[] = ['x', 'y', 'z'].map((id) => trip(`ride-${id}`, id, at('x'), at('q'), { passengers: 4, onBoard: true }));
    for (const t of trips) {
      const start = t.pickup;
      fleet.putVehicle(withTrips(vehicle(t.vehicleId, start, start), [t]));
      fleet.putTrip(t);
    }
    fleet.putVehicle(vehicle('i', at('i'), at('i')));
    const seen: DecisionRecord[] = [];
    const d = await planRequest(gridRouter(), fleet, draft(at('a'), at('b')), T0, { ...policy, maxCandidates: 3, maxIdleCandidates: 1, trace: (r) => seen.push(r) });
    expect(d.ok && d.vehicleId).toBe('i');
    expect(seen).toHaveLength(1);
    const byVehicle = Object.fromEntries(seen[0].candidates.map((c) => [c.vehicleId, c]));
    expect(Object.keys(byVehicle).sort()).toEqual(['i', 'x', 'y', 'z']);
    // Each full bus is refused (no seat now, too late after its riders alight); the idle one is chosen, four minutes away.
    for (const id of ['x', 'y', 'z']) {
      expect(byVehicle[id]).toMatchObject({ cost: null, chosen: false, plannedStops: 1 });
      expect(['CapacityExceeded', 'MaxWaitExceeded']).toContain(byVehicle[id].refused);
    }
    expect(byVehicle.i).toMatchObject({ refused: null, chosen: true, plannedStops: 0, toPickupS: 4 * MINUTE });
    expect(seen[0].outcome).toEqual({ ok: true, vehicleId: 'i', pickupEtaS: T0 + 4 * MINUTE, cost: byVehicle.i.cost });
  });

  test('the baseline takes the idle vehicle nearest by road, not the one nearest as the crow flies across the river', async () => {
    const at = grid(`
      ....n.....
      ~~~~~~~~~~
      ....a....b
      ..........
      ..........
      .f........
    `);
    // n is one row from a, but the river between them takes an hour to get round; f is five minutes away by road.
    const acrossRiver = (p: LngLat, q: LngLat) => (p[1] < 1) !== (q[1] < 1);
    const fleet = new FleetState(0);
    fleet.putVehicle(vehicle('n', at('n'), at('n')));
    fleet.putVehicle(vehicle('f', at('f'), at('f')));
    const d = await planRequest(gridRouter(acrossRiver), fleet, draft(at('a'), at('b')), T0, { ...policy, mode: 'nearestIdle' });
    expect(d.ok && d.vehicleId).toBe('f');
    expect(d.ok && d.pickupEtaS).toBe(T0 + 6 * MINUTE);
  });

  test('with no trace set, the decision is the same and nothing is recorded', async () => {
    const at = grid(`
      v.a....b
    `);
    const fleet = new FleetState(0);
    fleet.putVehicle(vehicle('v', at('v'), at('v')));
    const plain = await planRequest(gridRouter(), fleet, draft(at('a'), at('b')), T0, policy);
    const seen: DecisionRecord[] = [];
    const traced = await planRequest(gridRouter(), fleet, draft(at('a'), at('b')), T0, { ...policy, trace: (r) => seen.push(r) });
    expect(traced).toEqual(plain);
    expect(seen.map((r) => r.candidates.map((c) => c.vehicleId))).toEqual([['v']]);
  });
});

describe('the weights while a vehicle stands idle', () => {
  // The bus from x carries a rider to q along the street: it passes a at 8 minutes and c on the way (no detour).
  // Idle vehicle i waits one minute below a; its depot is e. Taking the rider costs i four minutes of driving.
  const at = grid(`
    x.......a.e.c.......q
    ........i............
  `);
  const setUp = () => {
    const fleet = new FleetState(0);
    const onBoard = trip('ride', 'bus', at('x'), at('q'), { onBoard: true });
    fleet.putVehicle(withTrips(vehicle('bus', at('x'), at('q')), [onBoard]));
    fleet.putTrip(onBoard);
    fleet.putVehicle(vehicle('i', at('i'), at('e')));
    return fleet;
  };

  test('with the rider weighed twice (idleRiderWeightFactor 2), the idle vehicle one minute away, not the bus passing by in eight', async () => {
    const d = await planRequest(gridRouter(), setUp(), draft(at('a'), at('c')), T0, { ...policy, idleRiderWeightFactor: 2 });
    expect(d.ok && d.vehicleId).toBe('i');
    expect(d.ok && d.pickupEtaS).toBe(T0 + MINUTE);
  });

  test('by default (the rider weighed as with no idle vehicle), the bus takes the rider for its zero detour', async () => {
    expect(DEFAULT_POLICY.idleRiderWeightFactor).toBe(1);
    const d = await planRequest(gridRouter(), setUp(), draft(at('a'), at('c')), T0, policy);
    expect(d.ok && d.vehicleId).toBe('bus');
    expect(d.ok && d.pickupEtaS).toBe(T0 + 8 * MINUTE);
  });
});
