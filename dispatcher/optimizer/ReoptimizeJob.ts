import type { FleetLocations } from '../fleet/compileFleetProblem';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { DenseTravelTimes } from '../insertion/TravelTimes';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { type Reoptimization, reoptimizeFleet } from './reoptimizeFleet';

/**
 * One re-optimization as plain data, so it can cross to a worker thread: a snapshot of a group of vehicles,
 * the trips on them, their travel-time matrix (row-major, n×n) and the search budget.
 */
export interface ReoptimizeJob {
  vehicles: FleetVehicle[];
  trips: FleetTrip[];
  loc: FleetLocations;
  size: number;
  durationsS: Float64Array;
  distancesM: Float64Array;
  policy: DispatchPolicy;
  nowS: number;
  /** An iteration budget makes the search repeatable (simulations); a time budget bounds its CPU in service. */
  search: { maxIterations?: number; timeLimitMs?: number; seed: number };
}

/** Runs a job (pure apart from `now`, which a time-limited search needs). */
export function runReoptimizeJob(job: ReoptimizeJob, now?: () => number): Reoptimization | null {
  const tt = new DenseTravelTimes(job.size, job.durationsS, job.distancesM);
  const trips = new Map(job.trips.map((t) => [t.id, t]));
  const timed = job.search.timeLimitMs !== undefined;
  return reoptimizeFleet(job.vehicles, trips, job.loc, tt, job.policy, job.nowS, {
    seed: job.search.seed,
    maxIterations: job.search.maxIterations,
    ...(timed ? { timeLimitMs: job.search.timeLimitMs, now } : {}),
  });
}
