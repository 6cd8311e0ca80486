import type { PromiseMovedNotice } from '../../protocol/promises';
import { TRIP_STATES, type TripState, type TripWalks } from '../../protocol/trips';
import type { LngLat } from '../../routing/Router';

/**
 * What persistence hands the dispatcher and takes from it. Times are epoch seconds (the dispatcher's Clock works in
 * seconds), points are `[lon, lat]`, ids are strings except the database-numbered ones (areas, shifts, stops, events).
 */
export type { LngLat };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// Trip states are wire types: one definition, in protocol/trips.ts, for the server, the pages and the database.
export { TRIP_STATES, type TripState };
/** Trips the dispatcher still works on: everything before a final state. */
export const OPEN_TRIP_STATES = ['requested', 'offered', 'accepted', 'assigned', 'arriving', 'on_board'] as const satisfies readonly TripState[];
/** Trips a vehicle has promised to serve: they must keep their stops on that vehicle. */
export const COMMITTED_TRIP_STATES = ['accepted', 'assigned', 'arriving', 'on_board'] as const satisfies readonly TripState[];

export type StopKind = 'pickup' | 'dropoff';
/** planned: to come; arrived: the vehicle is there now; done: served; skipped: no-show or cancelled. */
export type StopState = 'planned' | 'arrived' | 'done' | 'skipped';
export type ShiftState = 'planned' | 'active' | 'ended';

export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: LngLat[][];
}
export interface GeoJsonMultiPolygon {
  type: 'MultiPolygon';
  coordinates: LngLat[][][];
}

export interface ServiceAreaRecord {
  id: number;
  name: string;
  active: boolean;
  /** Stored as MultiPolygon: a Polygon comes back as a MultiPolygon of one. */
  geometry: GeoJsonMultiPolygon;
  createdAtS: number;
}

export interface VehicleRecord {
  id: string;
  name: string;
  seats: number;
  wheelchairPlaces: number;
  depot: LngLat;
  /** Licence plate and body colour (#rrggbb), when the operator entered them: how riders recognise the vehicle. */
  plate: string | null;
  colour: string | null;
  /** Bumped by every change to the vehicle's stops; pass it back as the expected version when planning. */
  scheduleVersion: number;
  createdAtS: number;
  updatedAtS: number;
}

export interface ShiftRecord {
  id: number;
  vehicleId: string;
  startsAtS: number;
  endsAtS: number;
  state: ShiftState;
  startedAtS: number | null;
  endedAtS: number | null;
  /** An operator marked the vehicle out of service during this shift (issue 13): it takes no new riders. */
  outOfServiceAtS: number | null;
}

export interface PositionRecord {
  vehicleId: string;
  atS: number;
  location: LngLat;
  headingDeg: number | null;
  speedMps: number | null;
}

/** The promise made to a rider: pickup inside [pickupEarliestS, pickupLatestS], arrival by latestArrivalS. */
export interface TripPromise {
  pickupEarliestS: number;
  pickupLatestS: number;
  latestArrivalS: number;
}

export interface TripRecord {
  id: string;
  riderId: string;
  riderName: string | null;
  idempotencyKey: string | null;
  origin: LngLat;
  destination: LngLat;
  originSnapped: LngLat | null;
  destinationSnapped: LngLat | null;
  walkToPickupM: number | null;
  /** Seated riders. */
  passengers: number;
  /** Riders in wheelchairs. */
  wheelchairs: number;
  requestedPickupAtS: number;
  promise: TripPromise | null;
  offerExpiresAtS: number | null;
  actualPickupAtS: number | null;
  actualDropoffAtS: number | null;
  state: TripState;
  rejectReason: string | null;
  cancelReason: string | null;
  vehicleId: string | null;
  createdAtS: number;
  updatedAtS: number;
  /** Bumped by every update of the trip. */
  version: number;
  /** The direct drive from pickup to dropoff measured when the request was decided; null before (or if never). */
  directS: number | null;
  /** The promise last moved later because it could not be kept (issue 13); absent or null when it never moved. */
  promiseMoved?: PromiseMovedNotice | null;
  /** The walks to and from meeting points when the trip is served at one (issue 14 §3), else null. */
  walks: TripWalks | null;
  /** Who accepted the offer: `rider:<id>`, or `operator:<subject>` for an operator acting on the rider's behalf. */
  acceptedBy: string | null;
  /** The operator who pinned the trip to its vehicle (`operator:<subject>`), or null when it is not pinned. */
  pinnedBy: string | null;
}

/** A stop is known by (tripId, kind): each trip has one pickup and one dropoff. `id` may change when a plan drops and re-adds it. */
export interface StopRecord {
  id: number;
  vehicleId: string;
  tripId: string;
  kind: StopKind;
  seq: number;
  location: LngLat;
  plannedArrivalS: number;
  /** The promised window on the start of service here. */
  earliestS: number;
  latestS: number;
  serviceS: number;
  state: StopState;
  actualArrivalS: number | null;
  actualDepartureS: number | null;
}

export interface EventRecord {
  /** Increasing in commit order: a stream that has seen seq N replays from N + 1 and misses nothing. */
  seq: number;
  atS: number;
  type: string;
  tripId: string | null;
  vehicleId: string | null;
  payload: JsonObject;
}

// ---- Inputs ----

export interface NewTrip {
  id: string;
  riderId: string;
  riderName?: string | null;
  idempotencyKey?: string | null;
  origin: LngLat;
  destination: LngLat;
  originSnapped?: LngLat | null;
  destinationSnapped?: LngLat | null;
  walkToPickupM?: number | null;
  passengers: number;
  wheelchairs: number;
  requestedPickupAtS: number;
  walks?: TripWalks | null;
}

/** One stop of a new sequence; the sequence's order gives seq. */
export interface PlannedStop {
  tripId: string;
  kind: StopKind;
  location: LngLat;
  plannedArrivalS: number;
  earliestS: number;
  latestS: number;
  serviceS: number;
}

export interface NewEvent {
  type: string;
  tripId?: string | null;
  vehicleId?: string | null;
  payload?: JsonObject;
}
