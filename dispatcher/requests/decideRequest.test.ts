import type { LngLat } from '../../routing/Router';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { FleetState } from '../fleet/FleetState';
import { planRequest } from './planRequest';
import { grid, MINUTE, minutes, T0, vehicle, withTrips } from '../testing/fleetScenario';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { decideRequest, decisionLocations, type NewStopLegs, type RequestDraft } from './decideRequest';

function legsFor(points: LngLat[], P: number, D: number): NewStopLegs {
  const to = points.map((p) => [minutes(p, points[P]), minutes(p, points[D])] as const);
  const from = [points.map((p) => minutes(points[P], p)), points.map((p) => minutes(points[D], p))] as const;
  return { toNewS: to, toNewM: to, fromNewS: from, fromNewM: from };
}

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 10 * MINUTE, rideFactor: 2, rideExtraS: 0 };

function draft(id: string, from: LngLat, to: LngLat, extra: Partial<RequestDraft> = {}): RequestDraft {
  return { tripId: id, pickup: from, dropoff: to, passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: minutes(from, to), directM: minutes(from, to), ...extra };
}

function decide(d: RequestDraft, vehicles: FleetVehicle[], trips = new Map<string, FleetTrip>()) {
  const loc = decisionLocations(vehicles, d);
  return decideRequest(T0, d, vehicles, trips, loc, legsFor(loc.points, loc.P, loc.D), policy);
}

const withTrip = (v: FleetVehicle, t: FleetTrip) => withTrips(v, [t]);

describe('deciding a request', () => {
  test('idle vehicle two minutes away gets the trip; the promised window holds the planned pickup', () => {
    const at = grid(`
      v.a....b
    `);
    const d = decide(draft('t1', at('a'), at('b')), [vehicle('v', at('v'), at('v'))]);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.vehicleId).toBe('v');
    expect(d.pickupEtaS).toBe(T0 + 2 * MINUTE);
    expect(d.arrivalEtaS).toBe(T0 + 7 * MINUTE);
    expect(d.promise.pickupEarliestS).toBeLessThanOrEqual(d.pickupEtaS);
    expect(d.promise.pickupLatestS).toBeGreaterThanOrEqual(d.pickupEtaS);
    expect(d.promise.arriveByS).toBeGreaterThanOrEqual(d.arrivalEtaS);
    expect(d.stops.map((s) => `${s.kind}:${s.tripId}`)).toEqual(['pickup:t1', 'dropoff:t1']);
  });

  test('the nearer of two idle vehicles is chosen', () => {
    const at = grid(`
      x.......a..y.b
    `);
    const d = decide(draft('t1', at('a'), at('b')), [vehicle('far', at('x'), at('x')), vehicle('near', at('y'), at('y'))]);
    expect(d.ok && d.vehicleId).toBe('near');
  });

  test('a vehicle full with a party of four cannot take a pickup on the way; the other vehicle does', () => {
    const at = grid(`
      v.p..a..q.b
      w..........
    `);
    // The party must be picked up within 3 minutes, so v drives to p first and is full until q.
    const party: FleetTrip = { id: 'party', passengers: 4, wheelchairs: 0, pickup: at('p'), dropoff: at('q'), pickupEarliestS: T0, pickupLatestS: T0 + 3 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const full = withTrip(vehicle('v', at('v'), at('v')), party);
    const d = decide(draft('t1', at('a'), at('b')), [full, vehicle('w', at('w'), at('w'))], new Map([['party', party]]));
    expect(d.ok && d.vehicleId).toBe('w');
  });

  test('a vehicle with one seat left pools a second rider along its way', () => {
    const at = grid(`
      v.p..a..q.b
      w..........
    `);
    const one: FleetTrip = { id: 'one', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('q'), pickupEarliestS: T0, pickupLatestS: T0 + 20 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const busy = withTrip(vehicle('v', at('v'), at('v')), one);
    const d = decide(draft('t1', at('a'), at('b')), [busy, vehicle('w', at('w'), at('w'), { depot: at('w') })], new Map([['one', one]]));
    expect(d.ok && d.vehicleId).toBe('v');
    if (!d.ok) return;
    const order = d.stops.map((s) => `${s.kind}:${s.tripId}`);
    // Pooled: the new rider boards while the first one is still on board.
    expect(order.indexOf('pickup:t1')).toBeLessThan(order.indexOf('dropoff:one'));
    expect(order.indexOf('pickup:one')).toBeLessThan(order.indexOf('pickup:t1'));
  });

  test('a pre-booked trip keeps its window when a new request arrives', () => {
    const at = grid(`
      v....p....a.........b
    `);
    // Promised: pickup at p between minute 5 and 7.
    const booked: FleetTrip = { id: 'booked', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('v'), pickupEarliestS: T0 + 5 * MINUTE, pickupLatestS: T0 + 7 * MINUTE, arriveByS: T0 + 20 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const v = withTrip(vehicle('v', at('v'), at('v')), booked);
    const d = decide(draft('t1', at('a'), at('b')), [v], new Map([['booked', booked]]));
    if (d.ok) {
      const p = d.stops.find((s) => s.tripId === 'booked' && s.kind === 'pickup')!;
      expect(p.plannedArrivalS).toBeGreaterThanOrEqual(booked.pickupEarliestS);
      expect(p.plannedArrivalS).toBeLessThanOrEqual(booked.pickupLatestS);
      const drop = d.stops.find((s) => s.tripId === 'booked' && s.kind === 'dropoff')!;
      expect(drop.plannedArrivalS).toBeLessThanOrEqual(booked.arriveByS);
    } else {
      expect(d.reason).toBeDefined();
    }
  });

  test('no vehicle can reach the pickup within the maximum wait: MaxWaitExceeded', () => {
    const at = grid(`
      v..............a.b
    `);
    const d = decide(draft('t1', at('a'), at('b')), [vehicle('v', at('v'), at('v'))]);
    expect(d).toEqual({ ok: false, reason: 'MaxWaitExceeded' });
  });

  test('a shift ending before the vehicle could be back at the depot: ShiftEnds', () => {
    const at = grid(`
      v.a....b
    `);
    const d = decide(draft('t1', at('a'), at('b')), [vehicle('v', at('v'), at('v'), { shiftEndS: T0 + 9 * MINUTE })]);
    expect(d).toEqual({ ok: false, reason: 'ShiftEnds' });
  });

  test('no candidate vehicle at all: NoVehicleInReach', () => {
    const at = grid('a.b');
    expect(decide(draft('t1', at('a'), at('b')), [])).toEqual({ ok: false, reason: 'NoVehicleInReach' });
  });

  test('a wheelchair user is not offered a vehicle without a wheelchair place', () => {
    const at = grid(`
      v.a....b
      w.......
    `);
    const d = decide(draft('t1', at('a'), at('b'), { wheelchairs: 1 }), [vehicle('v', at('v'), at('v'), { wheelchairs: 0 }), vehicle('w', at('w'), at('w'))]);
    expect(d.ok && d.vehicleId).toBe('w');
  });

  test('a committed next stop stays first: nothing is inserted before it', () => {
    const at = grid(`
      v.a....p....b
    `);
    const job: FleetTrip = { id: 'job', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('b'), pickupEarliestS: T0, pickupLatestS: T0 + 30 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const v = { ...withTrip(vehicle('v', at('v'), at('v')), job), lockedCount: 1 };
    const d = decide(draft('t1', at('a'), at('b')), [v], new Map([['job', job]]));
    if (d.ok) expect(d.stops[0].tripId).toBe('job');
  });
});

describe('the no-pooling baseline (nearest idle vehicle)', () => {
  test('a busy vehicle passing by is not used; the nearest idle one is, even if farther', async () => {
    const at = grid(`
      v.p..a..q.b
      ...........
      ...........
      w..........
    `);
    const one = { id: 'one', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('q'), pickupEarliestS: T0, pickupLatestS: T0 + 20 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const fleet = new FleetState(0);
    fleet.putVehicle(withTrip(vehicle('v', at('v'), at('v')), one));
    fleet.putVehicle(vehicle('w', at('w'), at('w')));
    fleet.putTrip(one);
    const router = {
      name: 'grid',
      table: async (src: LngLat[], dst: LngLat[]) => {
        const m = src.map((a) => dst.map((b) => minutes(a, b)));
        return { durationsS: m, distancesM: m };
      },
      route: async () => { throw new Error('unused'); },
      nearest: async () => { throw new Error('unused'); },
      close: async () => {},
    };
    const d = draft('t1', at('a'), at('b'));
    const pooled = await planRequest(router, fleet, d, T0, { ...policy, candidateSpeedMps: 1e9 });
    const baseline = await planRequest(router, fleet, d, T0, { ...policy, candidateSpeedMps: 1e9, mode: 'nearestIdle' });
    expect(pooled.ok && pooled.vehicleId).toBe('v');
    expect(baseline.ok && baseline.vehicleId).toBe('w');
  });
});

describe('a vehicle waiting at a pickup', () => {
  test('is planned to stay until the no-show deadline, so a rider who cannot wait that long gets another bus', () => {
    const at = grid(`
      p.a..q
      ......
      ......
      ..w...
    `);
    // v stands at p since T0, waiting for its rider; the no-show deadline is T0 + 3 min.
    const waitingFor: FleetTrip = { id: 'late', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('q'), pickupEarliestS: T0, pickupLatestS: T0 + 20 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
    const v = withTrip(vehicle('v', at('p'), at('p')), waitingFor);
    v.stops[0].arrivedAtS = T0;
    v.lockedCount = 1;
    const strict = { ...policy, maxWaitS: 4 * MINUTE, noShowWaitS: 3 * MINUTE, serviceS: 30 };
    const d = draft('t1', at('a'), at('q'));
    const loc = decisionLocations([v, vehicle('w', at('w'), at('w'))], d);
    const trips = new Map([['late', waitingFor]]);
    const decision = decideRequest(T0, d, [v, vehicle('w', at('w'), at('w'))], trips, loc, legsFor(loc.points, loc.P, loc.D), strict);
    expect(decision.ok && decision.vehicleId).toBe('w');
  });
});
