import type { PromiseMovedNotice } from './promises';
/**
 * Trip wire types shared by the server and the pages (riders, drivers, planners). Seconds since the
 * epoch for times, metres for distances, [lon, lat] for points.
 */

export const TRIP_STATES = [
  'requested',
  'offered',
  'accepted',
  'assigned',
  'arriving',
  'on_board',
  'completed',
  'cancelled',
  'no_show',
  'rejected',
] as const;
export type TripState = (typeof TRIP_STATES)[number];

/** States after which nothing changes any more. */
export const FINAL_TRIP_STATES: ReadonlySet<TripState> = new Set(['completed', 'cancelled', 'no_show', 'rejected']);

/** Why a request was declined: named, so the planner metrics can count them. */
export const REJECTION_REASONS = [
  'OutsideServiceArea',
  'NoVehicleInReach',
  'MaxWaitExceeded',
  /** The rider could be picked up in time, but not brought to the destination by the latest arrival. */
  'LatestArrivalExceeded',
  /** Every place to fit the rider in would make someone's ride longer than its limit. */
  'MaxRideExceeded',
  'CapacityExceeded',
  'ShiftEnds',
  'RoutingUnavailable',
  'NoRoute',
  /** Pickup and drop-off closer than the minimum ride: walking is quicker than a loop around the block. */
  'TooShort',
  /** The pickup time falls outside the hours the service runs. */
  'OutsideServiceHours',
  /** The nearest curb the bus can stop at is farther from where the rider is (or goes) than the walk the service allows. */
  'WalkTooFar',
  /** The service rules do not serve this pair of zones (or only with a change at a transfer point). */
  'ZonePairNotServed',
  /** The zone serves only some rider groups (wheelchair users, seniors...), and the rider is in none of them. */
  'NotEligible',
  /** Too far ahead: the zone (or its booking rule) takes bookings only so long before the trip. */
  'BookingTooFar',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Limits of one request, with their defaults. */
export const MAX_PASSENGERS = 8;
export const MAX_WHEELCHAIRS = 2;
/** How far ahead a trip may be booked. */
export const MAX_PREBOOK_S = 7 * 24 * 3600;
/** A pickup time this far in the past still means "now" (clock skew of phones). */
export const PAST_PICKUP_GRACE_S = 120;

/** A point on the wire: [longitude, latitude] in degrees. */
export type LngLatWire = [number, number];

/** A trip request as the dispatcher decides it (the body of POST /trips after the edge's defaults). */
export interface TripRequest {
  /** Who rides: the rider's own id (their token's subject). */
  riderId: string;
  /** First name or initial shown to the driver. */
  riderName?: string | undefined;
  origin: LngLatWire;
  destination: LngLatWire;
  passengers: number;
  wheelchairs: number;
  /** Requested pickup time, epoch seconds; omitted = now. */
  pickupAt?: number | undefined;
  /** Accept the offer at once (API clients, the simulator). */
  autoAccept: boolean;
}

/** The body of POST /trips as a client sends it: a rider may leave riderId out (it comes from their token). */
export interface TripRequestInput {
  riderId?: string | undefined;
  riderName?: string | undefined;
  origin: LngLatWire;
  destination: LngLatWire;
  passengers?: number | undefined;
  wheelchairs?: number | undefined;
  pickupAt?: number | undefined;
  autoAccept?: boolean | undefined;
}

/**
 * Why a trip was cancelled, as a code the pages translate (the free text an operator types stays in the records and
 * the CSV): the rider cancelled, the rider declined the offer, or the service (an operator) cancelled it.
 */
export const CANCEL_CODES = ['RiderCancelled', 'OfferDeclined', 'ServiceCancelled'] as const;
export type CancelCode = (typeof CANCEL_CODES)[number];

/** The vehicle as a rider recognises it at the curb. */
export interface VehicleBadge {
  name: string;
  /** Licence plate, when the operator entered one. */
  plate: string | null;
  /** Body colour as CSS (#rrggbb), when entered. */
  colour: string | null;
}

/** What the driver's console knows about a stop report beyond its event: where and when, and an off-site confirmation. */
export interface StopReport {
  location?: LngLatWire | undefined;
  atS?: number | undefined;
  confirmOffSite?: boolean | undefined;
}

export interface PromisedWindow {
  earliestS: number;
  latestS: number;
}

/** A walk between where the rider is (or goes) and the meeting point the vehicle stops at (issue 14 §3). */
export interface MeetingPointWalk {
  meetingPointId: string;
  /** The walk drawn on the map, from the rider's place to the meeting point (or from the drop-off point on). */
  path: LngLatWire[];
  distanceM: number;
  /** Minutes on foot counted in the promise: the pickup window opens no sooner than the rider can walk there. */
  durationS: number;
}

/** The walks of a trip served at meeting points; an end served at the curb next to the rider is null. */
export interface TripWalks {
  toPickup: MeetingPointWalk | null;
  fromDropoff: MeetingPointWalk | null;
}

export interface TripView {
  id: string;
  riderId: string;
  state: TripState;
  origin: [number, number];
  destination: [number, number];
  /** Where the vehicle stops for the rider (the origin snapped to the curb). */
  pickupPoint: [number, number] | null;
  dropoffPoint: [number, number] | null;
  walkToPickupM: number | null;
  /** Metres from where the vehicle lets the rider off to where they asked to go (the destination). */
  walkFromDropoffM: number | null;
  passengers: number;
  wheelchairs: number;
  requestedPickupAt: number;
  /** The promise: pickup inside this window, arrival no later than promisedArrivalBy. */
  promisedPickup: PromisedWindow | null;
  promisedArrivalBy: number | null;
  /** Current estimates, updated as the plan changes. */
  pickupEta: number | null;
  arrivalEta: number | null;
  vehicleId: string | null;
  /** Name, plate and colour of the assigned vehicle while the trip is open. */
  vehicle: VehicleBadge | null;
  /** Since when the vehicle has been waiting at the pickup (the driver reported arriving), else null. */
  vehicleAtPickupSince: number | null;
  /** While it waits there: until when it waits for the rider (the no-show deadline), else null. */
  waitsUntil: number | null;
  rejectReason: RejectionReason | null;
  cancelReason: string | null;
  /** Why it was cancelled, as a code the pages translate; null unless cancelled. */
  cancelCode: CancelCode | null;
  /** Until when an offer can be accepted. */
  offerExpiresAt: number | null;
  /** The promise moved later because the old one could not be kept: when and why (issue 13). Absent or null: never moved. */
  promiseMoved?: PromiseMovedNotice | null;
  /** Walks to and from meeting points, when the trip is served at one; absent or null at the curbs. */
  walks?: TripWalks | null;
}

/** GET /riders/:id/trips : a rider's trips still to come (soonest first) and the past ones (latest first). */
export interface RiderTripsResponse {
  upcoming: TripView[];
  history: TripView[];
}

/** At most this many past trips are listed. */
export const RIDER_HISTORY_LIMIT = 20;

/** A trip as planners see it: without who rides (data minimisation). */
export type PlannerTripView = Omit<TripView, 'riderId'>;

/** What a driver reports at a stop, in the order they happen. */
export const STOP_EVENTS = ['arrived_pickup', 'picked_up', 'no_show', 'arrived_dropoff', 'dropped_off'] as const;
export type StopEvent = (typeof STOP_EVENTS)[number];

/** A vehicle's GPS report (drivers send about one a second). */
export interface PositionReport {
  location: LngLatWire;
  headingDeg?: number | undefined;
  speedMps?: number | undefined;
}

/** A vehicle near a rider, without who drives it or whom it carries (the rider page's "buses nearby"). */
export interface NearbyVehicle {
  location: [number, number];
  /** True while it carries or goes to pick up someone. */
  busy: boolean;
}

/** How far around a point the rider page shows vehicles, and how many at most. */
export const NEARBY_VEHICLES = Object.freeze({ radiusM: 3000, max: 30 });
