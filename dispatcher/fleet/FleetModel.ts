import type { VehicleBadge } from '../../protocol/trips';
import type { LngLat } from '../../routing/Router';
import type { BreakWindow } from '../insertion/model';

/**
 * The dispatcher's in-memory picture of the fleet: a cache of what PostgreSQL holds, rebuilt on start.
 * Times are epoch seconds, distances metres, points [lon, lat].
 */

export interface PlannedStop {
  tripId: string;
  kind: 'pickup' | 'dropoff';
  location: LngLat;
  /** Hard window on the start of service: the promise made to the rider. */
  earliestS: number;
  latestS: number;
  serviceS: number;
  /** Current plan: when the vehicle gets there. */
  plannedArrivalS: number;
  /** Travel from the previous stop (or the vehicle's position for the first one). */
  legS: number;
  legM: number;
  /** Set when the vehicle reported arriving here (the no-show wait counts from it). */
  arrivedAtS?: number;
  /**
   * Live estimate of the start of service here, from the vehicle's last GPS fix and progress (issue 13); riders see it
   * while the vehicle's `etasOfVersion` is its schedule version (a plan changed since falls back to `plannedArrivalS`).
   */
  etaS?: number;
}

export interface FleetTrip {
  id: string;
  /** Whose trip it is (the notifications' addressee), when the cache was built from the stored trip. */
  riderId?: string;
  /** First name or initial for the driver's manifest. */
  riderName?: string;
  passengers: number;
  wheelchairs: number;
  pickup: LngLat;
  dropoff: LngLat;
  /** The promise: pickup in [pickupEarliestS, pickupLatestS], arrival by arriveByS, ride at most maxRideS. */
  pickupEarliestS: number;
  pickupLatestS: number;
  arriveByS: number;
  maxRideS: number;
  vehicleId: string;
  /** On board: the pickup is done and only the dropoff remains in the vehicle's stops. */
  onBoard: boolean;
  /** An operator pinned it to `vehicleId`: re-optimization and risk reassignment never move it to another vehicle. */
  pinned?: boolean;
}

export interface FleetVehicle {
  id: string;
  /** How riders recognise it (name, plate, colour), when known. */
  badge?: VehicleBadge;
  seats: number;
  wheelchairs: number;
  depot: LngLat;
  /** The shift ends when the vehicle is back at the depot, at the latest. */
  shiftEndS: number;
  position: LngLat;
  /** When the vehicle is (or will be) free to leave `position`: now, or the end of its current dwell. */
  availableAtS: number;
  stops: PlannedStop[];
  /** Stops already committed (the one the vehicle drives to): they keep their place. */
  lockedCount: number;
  /** Bumped by every schedule change, checked by PostgreSQL (optimistic concurrency). */
  scheduleVersion: number;
  /** Travel from the last stop back to the depot. */
  returnLegS: number;
  returnLegM: number;
  /**
   * Where the rebalancer sent the vehicle while it has nothing to do (dispatcher/rebalancing/). Advisory and void as
   * soon as the schedule changes (a new rider): it never holds up a stop, and is sent again after a restart.
   */
  reposition?: { to: LngLat; scheduleVersion: number };
  /**
   * The last GPS fix is kept as reported but no road is near it (a fix at [0, 0], a phone far outside the map): the
   * vehicle takes no new riders until it reports a usable fix, and its R-tree box is not stretched to that point.
   */
  offNetwork?: boolean;
  /**
   * The vehicle's own last GPS fix (the plausibility check compares the next one with it; a stop event moves
   * `position` to the stop but is no fix), with an upper bound on its distance from a road when known (m).
   */
  lastFix?: { location: LngLat; atS: number; roadWithinM?: number };
  /**
   * Where and when the first leg (to `stops[0]`, or the return leg to `depot` when idle) was last measured, and to
   * which target: a fix close to that point keeps the leg (followFirstLeg in scheduleLegs.ts).
   */
  firstLegFrom?: { location: LngLat; atS: number; target: PlannedStop | LngLat };
  /**
   * The legs between its stops could not be measured (the router was down when the fleet was rebuilt): they are
   * unknown, not 0 s, and are measured again before a decision plans on this vehicle.
   */
  legsUnknown?: boolean;
  /** The schedule version the stops' live ETAs (`etaS`) were estimated on. */
  etasOfVersion?: number;
  /** An operator marked it out of service (a breakdown): it takes no new riders and no re-plan moves riders onto it. */
  outOfService?: boolean;
  /** Driver breaks still to come or under way, sorted and disjoint: the plan neither drives nor serves in them. */
  breaks?: BreakWindow[];
}
