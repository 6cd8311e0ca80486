import type { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import type { LngLat } from '../routing/Router';
import { FleetState } from '../dispatcher/fleet/FleetState';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../dispatcher/fleet/FleetModel';
import { type DispatchPolicy, maxRideS } from '../dispatcher/fleet/DispatchPolicy';
import type { RequestDraft } from '../dispatcher/requests/decideRequest';

/** A random point on the road network (a random spot in the bbox, snapped; retried until it snaps). */
export function randomRoadPoint(router: BuiltinRouter, bbox: readonly [number, number, number, number], rand: () => number): LngLat {
  for (;;) {
    const q: LngLat = [bbox[0] + rand() * (bbox[2] - bbox[0]), bbox[1] + rand() * (bbox[3] - bbox[1])];
    try {
      const n = router.nearestSync(q);
      if (n.distanceM < 200) return n.location;
    } catch {
      // off the network: draw again
    }
  }
}

type Bbox = readonly [number, number, number, number];

/**
 * The part of `bbox` within `reachM` of `centre` along each axis (a square around it, clipped to the city): where a
 * trip's other end is drawn when trips are local. An infinite reach is the whole box.
 */
export function boxAround(centre: LngLat, reachM: number, bbox: Bbox): Bbox {
  if (!Number.isFinite(reachM)) return bbox;
  const dLat = reachM / 111_195;
  const dLon = dLat / Math.cos((centre[1] * Math.PI) / 180);
  return [Math.max(bbox[0], centre[0] - dLon), Math.max(bbox[1], centre[1] - dLat), Math.min(bbox[2], centre[0] + dLon), Math.min(bbox[3], centre[1] + dLat)];
}

/**
 * A fleet with realistic schedules: each vehicle carries 2–4 riders whose pickups and dropoffs are
 * interleaved (pooled), with promised windows around the planned times, as the dispatcher would leave them.
 * With `reachM` (default: anywhere in the city) trips are local, as on a DRT service in a whole city: each pickup
 * lies within reachM of the vehicle's position (per axis) and each dropoff within reachM of its pickup.
 */
export function syntheticFleet(
  router: BuiltinRouter,
  bbox: readonly [number, number, number, number],
  vehicles: number,
  nowS: number,
  policy: DispatchPolicy,
  rand: () => number,
  reachM = Infinity,
): FleetState {
  const fleet = new FleetState((bbox[1] + bbox[3]) / 2);
  const leg = (a: LngLat, b: LngLat) => {
    const r = router.routeSync([a, b]);
    return { s: r.durationS, m: r.distanceM };
  };
  for (let v = 0; v < vehicles; v++) {
    const id = `v${v}`;
    const position = randomRoadPoint(router, bbox, rand);
    const depot = randomRoadPoint(router, bbox, rand);
    const riders = 2 + Math.floor(rand() * 3);
    const trips: FleetTrip[] = [];
    // Sequence: p1 p2 d1 p3 d2 d3 ...: each rider is dropped after the next one boards.
    const order: Array<{ trip: number; kind: 'pickup' | 'dropoff' }> = [];
    for (let r = 0; r < riders; r++) {
      order.push({ trip: r, kind: 'pickup' });
      if (r > 0) order.push({ trip: r - 1, kind: 'dropoff' });
    }
    order.push({ trip: riders - 1, kind: 'dropoff' });
    const pickups = Array.from({ length: riders }, () => randomRoadPoint(router, boxAround(position, reachM, bbox), rand));
    const dropoffs = pickups.map((p) => randomRoadPoint(router, boxAround(p, reachM, bbox), rand));
    const stops: PlannedStop[] = [];
    let t = nowS;
    let prev = position;
    const pickedAt: number[] = [];
    for (const o of order) {
      const location = o.kind === 'pickup' ? pickups[o.trip] : dropoffs[o.trip];
      const l = leg(prev, location);
      t += l.s;
      if (o.kind === 'pickup') pickedAt[o.trip] = t;
      stops.push({ tripId: `${id}-t${o.trip}`, kind: o.kind, location, earliestS: 0, latestS: 0, serviceS: policy.serviceS, plannedArrivalS: t, legS: l.s, legM: l.m });
      t += policy.serviceS;
      prev = location;
    }
    for (let r = 0; r < riders; r++) {
      const drop = stops.find((s) => s.tripId === `${id}-t${r}` && s.kind === 'dropoff')!;
      const direct = leg(pickups[r], dropoffs[r]).s;
      const ride = drop.plannedArrivalS - pickedAt[r] - policy.serviceS;
      trips.push({
        id: `${id}-t${r}`,
        passengers: 1 + Math.floor(rand() * 2),
        wheelchairs: 0,
        pickup: pickups[r],
        dropoff: dropoffs[r],
        pickupEarliestS: Math.floor(pickedAt[r] - policy.promiseBeforeS),
        pickupLatestS: Math.ceil(pickedAt[r] + policy.promiseAfterS),
        arriveByS: Math.ceil(drop.plannedArrivalS + policy.arrivalSlackS),
        maxRideS: Math.max(maxRideS(policy, direct), ride + 60),
        vehicleId: id,
        onBoard: false,
      });
    }
    for (const s of stops) {
      const trip = trips.find((x) => x.id === s.tripId)!;
      s.earliestS = s.kind === 'pickup' ? trip.pickupEarliestS : 0;
      s.latestS = s.kind === 'pickup' ? trip.pickupLatestS : trip.arriveByS;
    }
    const back = leg(prev, depot);
    const vehicle: FleetVehicle = {
      id,
      seats: 8,
      wheelchairs: 1,
      depot,
      shiftEndS: nowS + 8 * 3600,
      position,
      availableAtS: nowS,
      stops,
      lockedCount: 1,
      scheduleVersion: 1,
      returnLegS: back.s,
      returnLegM: back.m,
    };
    for (const trip of trips) fleet.putTrip(trip);
    fleet.putVehicle(vehicle);
  }
  return fleet;
}

/**
 * `count` requests between random road points, asked at `nowS`, with their direct drive measured as the service does
 * before deciding (snap both ends, one table; outside any timing). With `reachM`, each dropoff lies within reachM of
 * its pickup (per axis).
 */
export function syntheticRequests(router: BuiltinRouter, bbox: readonly [number, number, number, number], count: number, nowS: number, rand: () => number, reachM = Infinity): RequestDraft[] {
  return Array.from({ length: count }, (_, k) => {
    const pickup = randomRoadPoint(router, bbox, rand);
    const dropoff = randomRoadPoint(router, boxAround(pickup, reachM, bbox), rand);
    const direct = router.tableSync([pickup], [dropoff]);
    return { tripId: `r${k}`, pickup, dropoff, passengers: 1, wheelchairs: 0, requestedPickupS: nowS, directS: direct.durationsS[0][0] ?? 0, directM: direct.distancesM[0][0] ?? 0 };
  });
}
