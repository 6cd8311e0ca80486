import type { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import type { LngLat } from '../../routing/Router';
import { solveMaxServed } from '../../dispatcher/darp/solveMaxServed';
import { DARP_COST_WEIGHTS, type Request, type Vehicle } from '../../dispatcher/insertion/model';
import { DenseTravelTimes } from '../../dispatcher/insertion/TravelTimes';
import { type DispatchPolicy, maxRideS } from '../../dispatcher/fleet/DispatchPolicy';
import type { DemandTrip } from '../demand/DemandTrip';

/** Limits of the offline bound, each with a named default. */
export const OFFLINE_BOUND_DEFAULTS = Object.freeze({
  /** Search time per fleet size. */
  timeLimitMs: 20_000,
  /** Past this many requests the bound is computed on the first ones by time (and says so). */
  maxRequests: 400,
});

/** The perfect-information plan: every request known in advance, under the promises the live dispatcher makes. */
export interface OfflineBound {
  /** Requests the plan serves. */
  served: number;
  /** Kilometres driven by the plan (from the depots; vehicles end wherever their last rider alights, as in the simulation). */
  vehicleKm: number;
  /**
   * Passenger-km of the served requests (direct distance × passengers, as the live runs count them): the bound's
   * vehicle-km per passenger-km, against the baseline's, is what pooling could reach with every request known.
   */
  passengerKm: number;
  /** Requests it was computed on: all of them, or the first `maxRequests` by time when `sampled`. */
  requests: number;
  sampled: boolean;
  solveMs: number;
}

export interface OfflineBoundOptions {
  router: BuiltinRouter;
  demand: readonly DemandTrip[];
  depots: readonly LngLat[];
  fleet: number;
  capacity: number;
  /** Absolute time of the simulation start (DemandTrip.requestedAtS counts from it). */
  startS: number;
  /** How long the vehicles are on shift from the start. */
  shiftS: number;
  policy: Pick<DispatchPolicy, 'maxWaitS' | 'rideFactor' | 'rideExtraS' | 'serviceS'>;
  seed: number;
  timeLimitMs?: number;
  maxRequests?: number;
}

/**
 * The same requests through the dial-a-ride solver with all of them known at the start: pickup no earlier than
 * requested and no later than the max wait, ride at most the ride limit, seats as live. Most served first, then
 * fewest km (solveMaxServed). The live dispatcher, deciding one request at a time, can only do worse.
 */
export async function offlineBound(o: OfflineBoundOptions): Promise<OfflineBound> {
  const maxRequests = o.maxRequests ?? OFFLINE_BOUND_DEFAULTS.maxRequests;
  const sorted = o.demand.slice().sort((a, b) => a.requestedAtS - b.requestedAtS);
  const trips = sorted.slice(0, maxRequests);
  // The same start points as the simulation gives the vehicles.
  const depots = Array.from({ length: o.fleet }, (_, k) => o.depots[k % o.depots.length]);
  // Locations: the depots, then each request's pickup and dropoff; the last one is the free end (no cost to reach).
  const points: LngLat[] = [...depots, ...trips.flatMap((t) => [t.origin, t.destination])];
  const table = await o.router.table(points, points);
  const n = points.length + 1;
  const end = n - 1;
  const durations = new Float64Array(n * n);
  const distances = new Float64Array(n * n);
  for (let a = 0; a < points.length; a++) {
    for (let b = 0; b < points.length; b++) {
      durations[a * n + b] = table.durationsS[a][b] ?? Infinity;
      distances[a * n + b] = table.distancesM[a][b] ?? Infinity;
    }
  }
  const F = depots.length;
  const requests: Request[] = [];
  trips.forEach((t, r) => {
    const P = F + 2 * r;
    const directS = durations[P * n + P + 1];
    const requestedS = o.startS + t.requestedAtS;
    const rideLimit = maxRideS(o.policy as DispatchPolicy, directS);
    requests.push({
      pickup: { node: P, earliestS: requestedS, latestS: requestedS + o.policy.maxWaitS, serviceS: o.policy.serviceS },
      dropoff: { node: P + 1, earliestS: 0, latestS: requestedS + o.policy.maxWaitS + o.policy.serviceS + rideLimit, serviceS: o.policy.serviceS },
      seats: t.passengers,
      wheelchairs: 0,
      maxRideS: rideLimit,
    });
  });
  const vehicles: Vehicle[] = depots.map((_, k) => ({
    start: { node: k, earliestS: o.startS, latestS: o.startS + o.shiftS, serviceS: 0 },
    end: { node: end, earliestS: 0, latestS: o.startS + o.shiftS, serviceS: 0 },
    seats: o.capacity,
    wheelchairs: 1,
    maxDurationS: Infinity,
  }));
  const solution = solveMaxServed(
    { travelTimes: new DenseTravelTimes(n, durations, distances), requests, vehicles, weights: DARP_COST_WEIGHTS },
    // The search's budget is wall-clock time of this process (the simulation's clock does not move meanwhile).
    { seed: o.seed, timeLimitMs: o.timeLimitMs ?? OFFLINE_BOUND_DEFAULTS.timeLimitMs, now: () => performance.now() },
  );
  const unserved = new Set(solution.unserved);
  let passengerM = 0;
  trips.forEach((t, r) => {
    const P = F + 2 * r;
    if (!unserved.has(r)) passengerM += distances[P * n + P + 1] * t.passengers;
  });
  return { served: solution.served, vehicleKm: solution.cost / 1000, passengerKm: passengerM / 1000, requests: trips.length, sampled: trips.length < o.demand.length, solveMs: solution.elapsedMs };
}
