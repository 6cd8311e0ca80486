import type { LngLat } from '../../routing/Router';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { grid, MINUTE, minutes, T0, vehicle, withTrips } from '../testing/fleetScenario';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { decideRequest, decisionLocations, type DecisionLocations, type NewStopLegs, type RequestDraft } from './decideRequest';
import { CandidateFrame } from './CandidateFrame';

/** Grid travel to and from the new stops; `unreachable` leaves a point's way to the pickup unknown (null). */
function legsFor(points: LngLat[], P: number, D: number, unreachable: ReadonlySet<number> = new Set()): NewStopLegs {
  const to = points.map((p, i) => [unreachable.has(i) ? null : minutes(p, points[P]), minutes(p, points[D])] as const);
  const from = [points.map((p) => minutes(points[P], p)), points.map((p) => minutes(points[D], p))] as const;
  return { toNewS: to, toNewM: to, fromNewS: from, fromNewM: from };
}

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 10 * MINUTE, rideFactor: 2, rideExtraS: 0 };

function draft(id: string, from: LngLat, to: LngLat, extra: Partial<RequestDraft> = {}): RequestDraft {
  return { tripId: id, pickup: from, dropoff: to, passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: minutes(from, to), directM: minutes(from, to), ...extra };
}

/** The locations of `d` over these vehicles, as a fresh decision lays them out. */
const locOf = (vehicles: FleetVehicle[], d: RequestDraft): DecisionLocations => decisionLocations(vehicles, d);

describe('one frame of candidates decided at several ends', () => {
  const at = grid(`
    v.p..a..q.b.c
    w......e.....
  `);
  const one: FleetTrip = { id: 'one', passengers: 1, wheelchairs: 0, pickup: at('p'), dropoff: at('q'), pickupEarliestS: T0, pickupLatestS: T0 + 20 * MINUTE, arriveByS: T0 + 60 * MINUTE, maxRideS: 3600, vehicleId: 'v', onBoard: false };
  const trips = new Map([['one', one]]);
  const fleet = () => [withTrips(vehicle('v', at('v'), at('v')), [one]), vehicle('w', at('w'), at('w'), { depot: at('w') })];

  test('each pair of ends decides exactly as a fresh decision does, in any order', () => {
    const vehicles = fleet();
    const ways = [draft('t1', at('a'), at('b')), draft('t1', at('e'), at('c'), { walkToPickupS: 120 }), draft('t1', at('a'), at('c'), { walkFromDropoffS: 60, directS: minutes(at('a'), at('c')) + 30 })];
    const base = locOf(vehicles, ways[0]);
    const frame = new CandidateFrame(T0, vehicles, trips, base, policy);
    for (const d of [...ways, ...ways.slice().reverse()]) {
      const loc = locOf(vehicles, d);
      const fresh = decideRequest(T0, d, fleet(), trips, loc, legsFor(loc.points, loc.P, loc.D), policy);
      expect(fresh.ok).toBe(true);
      expect(frame.decide(d, legsFor(loc.points, loc.P, loc.D), policy)).toEqual(fresh);
    }
  });

  test('a pickup no vehicle can reach is refused even after an end every vehicle reached (travel times do not carry over)', () => {
    const vehicles = fleet();
    const reachable = draft('t1', at('a'), at('b'));
    const loc = locOf(vehicles, reachable);
    const frame = new CandidateFrame(T0, vehicles, trips, loc, policy);
    expect(frame.decide(reachable, legsFor(loc.points, loc.P, loc.D), policy).ok).toBe(true);
    // Now nothing reaches the pickup: no start, stop or depot has a way there.
    const cut = new Set(loc.points.map((_, i) => i));
    const unreached = draft('t1', at('e'), at('b'));
    const fresh = decideRequest(T0, unreached, fleet(), trips, loc, legsFor(loc.points, loc.P, loc.D, cut), policy);
    expect(fresh).toEqual({ ok: false, reason: 'MaxWaitExceeded' });
    expect(frame.decide(unreached, legsFor(loc.points, loc.P, loc.D, cut), policy)).toEqual(fresh);
  });

  test('a tighter window after a loose one is held: the window and ride limit are the later draft’s', () => {
    const vehicles = fleet();
    const d = draft('t1', at('e'), at('b'));
    const loc = locOf(vehicles, d);
    const frame = new CandidateFrame(T0, vehicles, trips, loc, policy);
    expect(frame.decide(d, legsFor(loc.points, loc.P, loc.D), policy).ok).toBe(true);
    // Promised already, with a pickup window closing before any vehicle can be at e.
    const promised = { ...d, promised: { pickupEarliestS: T0, pickupLatestS: T0 + 1, arriveByS: T0 + 60 * MINUTE } };
    const fresh = decideRequest(T0, promised, fleet(), trips, loc, legsFor(loc.points, loc.P, loc.D), policy);
    expect(fresh.ok).toBe(false);
    expect(frame.decide(promised, legsFor(loc.points, loc.P, loc.D), policy)).toEqual(fresh);
  });
});
