import type { TravelTimes } from './TravelTimes';

/**
 * One place where a vehicle serves someone (or starts, or ends): a location index into the TravelTimes matrix,
 * a hard window on the start of service, and a dwell. Units are seconds.
 */
export interface Stop {
  node: number;
  earliestS: number;
  latestS: number;
  serviceS: number;
}

/**
 * A rider's trip. Loads count seats and wheelchair places separately: one rider in a wheelchair uses
 * `wheelchairs: 1, seats: 0` unless the operator says otherwise.
 */
export interface Request {
  /** Where the rider boards; its window is the promised pickup window (earliest = requested time, latest = max wait). */
  pickup: Stop;
  /** Where the rider alights; its latest is the promised latest arrival. */
  dropoff: Stop;
  seats: number;
  wheelchairs: number;
  /** Start of service at the dropoff minus end of service at the pickup, at most this. Infinity when unlimited. */
  maxRideS: number;
  /**
   * Set for a rider already on board: the pickup has happened and is not in any route, the load rides along from
   * the vehicle's start, and only the dropoff is scheduled. Such a rider never moves to another vehicle.
   */
  onboardVehicle?: number;
  /** Pinned by an operator to this vehicle: it may change place on that vehicle's route, never move to another. */
  pinnedVehicle?: number;
}

/** A driver's break: the vehicle neither drives nor serves a stop in [startS, endS] (it waits where it is). */
export interface BreakWindow {
  startS: number;
  endS: number;
}

/** A vehicle for one shift. Start is its current position (or depot) and when it is available; end is its return. */
export interface Vehicle {
  /** earliestS = available from; latestS = latest departure (the shift end when it can idle). */
  start: Stop;
  /** The depot it must return to; latestS = shift end, including the drive back. */
  end: Stop;
  seats: number;
  wheelchairs: number;
  /** From the start of service at `start` to arrival at `end`; Infinity when only the shift end limits it. */
  maxDurationS: number;
  /** Driver breaks, disjoint; default none. */
  breaks?: readonly BreakWindow[];
}

/** The stops a vehicle will serve, in order, between its start and its end. Stop ids come from CompiledProblem. */
export interface VehicleRoute {
  vehicle: number;
  stops: number[];
  /** The first `lockedCount` stops are committed: they keep their place, and nothing is inserted before them. */
  lockedCount: number;
}

/**
 * What the dispatcher minimises. Each weight multiplies seconds or metres; the DARP benchmark uses distance only,
 * the city vehicle time plus a price on riders' waiting and riding.
 */
export interface CostWeights {
  distance: number;
  vehicleTime: number;
  /** Per second between a rider's earliest pickup and the actual start of pickup. */
  riderWait: number;
  /** Per second in the vehicle. */
  riderRide: number;
}

export const DARP_COST_WEIGHTS: CostWeights = Object.freeze({ distance: 1, vehicleTime: 0, riderWait: 0, riderRide: 0 });
export const CITY_COST_WEIGHTS: CostWeights = Object.freeze({ distance: 0, vehicleTime: 1, riderWait: 0.5, riderRide: 0.25 });

/** Everything the pure core needs: the oracle, riders, vehicles, and the objective. */
export interface DispatchProblem {
  travelTimes: TravelTimes;
  requests: readonly Request[];
  vehicles: readonly Vehicle[];
  weights: CostWeights;
  /**
   * The drive into a vehicle's end costs nothing (its time still counts for the shift): a city vehicle waits where
   * its last rider alights, and drives home once at the shift's end whatever the plan. Off (the DARP benchmark): the
   * return to the depot is part of every route's cost.
   */
  freeReturn?: boolean;
}
