import { z } from 'zod';

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
  'CapacityExceeded',
  'ShiftEnds',
  'RoutingUnavailable',
  'NoRoute',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Limits of one request, with their defaults. */
export const MAX_PASSENGERS = 8;
export const MAX_WHEELCHAIRS = 2;
/** How far ahead a trip may be booked. */
export const MAX_PREBOOK_S = 7 * 24 * 3600;
/** A pickup time this far in the past still means "now" (clock skew of phones). */
export const PAST_PICKUP_GRACE_S = 120;

export const lngLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[longitude, latitude] in degrees');

export const tripRequestSchema = z
  .object({
    riderId: z.string().min(1).max(64).describe('who rides: the rider’s own id (their token’s subject)'),
    riderName: z.string().min(1).max(80).optional().describe('first name or initial shown to the driver'),
    origin: lngLatSchema,
    destination: lngLatSchema,
    passengers: z.number().int().min(1).max(MAX_PASSENGERS).default(1),
    wheelchairs: z.number().int().min(0).max(MAX_WHEELCHAIRS).default(0),
    pickupAt: z.number().int().positive().optional().describe('requested pickup time, epoch seconds; omitted = now'),
    autoAccept: z.boolean().default(false).describe('accept the offer at once (API clients, the simulator)'),
  })
  .strict();
/** The body of POST /trips: a rider may leave riderId out (it comes from their token); an operator names the rider. */
export const tripRequestBodySchema = tripRequestSchema.extend({ riderId: tripRequestSchema.shape.riderId.optional() });
export type TripRequestInput = z.input<typeof tripRequestBodySchema>;
export type TripRequest = z.output<typeof tripRequestSchema>;

export const cancelSchema = z.object({ reason: z.string().min(1).max(200).default('rider cancelled') }).strict();

export interface PromisedWindow {
  earliestS: number;
  latestS: number;
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
  rejectReason: RejectionReason | null;
  cancelReason: string | null;
  /** Until when an offer can be accepted. */
  offerExpiresAt: number | null;
}

/** A trip as planners see it: without who rides (data minimisation). */
export type PlannerTripView = Omit<TripView, 'riderId'>;

/** What a driver reports at a stop, in the order they happen. */
export const STOP_EVENTS = ['arrived_pickup', 'picked_up', 'no_show', 'arrived_dropoff', 'dropped_off'] as const;
export type StopEvent = (typeof STOP_EVENTS)[number];

export const stopEventSchema = z.object({ tripId: z.string().min(1).max(64), event: z.enum(STOP_EVENTS) }).strict();

/** A vehicle's GPS report (drivers send about one a second). */
export const positionSchema = z
  .object({
    location: lngLatSchema,
    headingDeg: z.number().min(0).max(360).optional(),
    speedMps: z.number().min(0).max(100).optional(),
  })
  .strict();
export type PositionReport = z.output<typeof positionSchema>;

/** A vehicle near a rider, without who drives it or whom it carries (the rider page's "buses nearby"). */
export interface NearbyVehicle {
  location: [number, number];
  /** True while it carries or goes to pick up someone. */
  busy: boolean;
}

/** How far around a point the rider page shows vehicles, and how many at most. */
export const NEARBY_VEHICLES = Object.freeze({ radiusM: 3000, max: 30 });
