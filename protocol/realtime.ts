import type { ManeuverModifier, ManeuverType } from '../routing/Router';
import type { LngLatWire, PlannerTripView, StopEvent, TripView } from './trips';
import type { RiderNotification } from './notifications';

/**
 * The websocket protocol between the dispatcher and its pages (rider, driver, planner). One module that
 * the server and the pages both import. Every message is JSON with `v` (protocol version) and `type`.
 * Messages that must never be lost (manifest, trip) carry `seq`, the event-log sequence number of the
 * change they show; a client reconnects with the last seq it saw and gets what it missed or a fresh snapshot.
 */
export const PROTOCOL_VERSION = 1;
export const WS_PATH = '/ws';

/** Limits with their defaults. */
export const WS_LIMITS = Object.freeze({
  /** Largest frame a client may send (bytes). */
  maxPayloadBytes: 16 * 1024,
  /** Messages queued for one client before it counts as too slow. */
  maxQueue: 256,
  /** Client messages per second before it is throttled. */
  maxMessagesPerSecond: 20,
  /** Messages per second of all the connections of one identity (one rider, vehicle or planner token subject). */
  maxMessagesPerSecondPerIdentity: 40,
  /** Open connections of one identity; one more is closed with 4004. */
  maxConnectionsPerIdentity: 8,
  /** A client must say hello within this many milliseconds. */
  helloTimeoutMs: 5000,
});

/** Close codes (4000–4999 are the application's own). */
export const CLOSE_CODES = Object.freeze({
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  tooBig: 1009,
  /** The server failed while setting the connection up; reconnect later. */
  internalError: 1011,
  /** The client could not keep up: its queue overflowed. Reconnect with the last seq. */
  tooSlow: 4001,
  /** No hello, or a hello the server does not accept. */
  helloRequired: 4002,
  /** No token, a token that does not verify, or one whose role may not open this channel. Don't retry as is. */
  forbidden: 4003,
  /** Too many messages per second, or too many connections of one identity. */
  rateLimited: 4004,
  /** The hello's token has expired: reconnect with a new one. */
  tokenExpired: 4005,
});

/** Error codes inside `error` and `ack` messages. */
export const WS_ERRORS = [
  'MalformedMessage',
  'UnsupportedVersion',
  'UnknownType',
  'Forbidden',
  'NotFound',
  'RateLimited',
  'RequestFailed',
] as const;
export type WsErrorCode = (typeof WS_ERRORS)[number];

export const ROLES = ['rider', 'driver', 'planner'] as const;
export type Role = (typeof ROLES)[number];

// ---- Client → server ----

// The server checks these at its edge (dispatcher/realtime/clientMessageSchema.ts); the types live here.

export interface HelloMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'hello';
  role: Role;
  /** Driver: the vehicle signed in to; if given, it must be the token's vehicleId. */
  vehicleId?: string | undefined;
  /** Rider: if given, it must be the token's subject; they see only their own trips. */
  riderId?: string | undefined;
  /** Rider: the trips to follow (default: all their open trips). */
  tripIds?: string[] | undefined;
  /** The last seq this client saw, to resume after a reconnect. */
  lastSeq?: number | undefined;
  /**
   * Planner: the page applies `fleet_changes` (only the vehicles that changed since its last fleet message). Without
   * it every fleet message carries the whole fleet, as for pages from before the option.
   */
  fleetChanges?: boolean | undefined;
  /** The signed token (JWT) the identity comes from: rider, driver, or planner/operator for the planner channel. */
  token?: string | undefined;
}

export interface PositionMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'position';
  location: LngLatWire;
  headingDeg?: number | undefined;
  speedMps?: number | undefined;
}

export interface StopEventMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'stop_event';
  requestId: string;
  tripId: string;
  event: StopEvent;
  /** Where the bus was when the driver pressed the button (else its last known position). */
  location?: LngLatWire | undefined;
  /** When the button was pressed: a report queued while the link was down keeps its own time. */
  atS?: number | undefined;
  /** The driver confirmed an Arrived or Dropped off far from the stop (logged as off-site). */
  confirmOffSite?: boolean | undefined;
}

export interface ShiftMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'shift';
  requestId: string;
  action: 'start' | 'end';
  endsAt?: number | undefined;
}

export interface FollowTripMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'follow_trip';
  tripId: string;
}

export interface PingMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'ping';
}

/**
 * Driver: the bus left the route to the next stop; send the manifest again with a route from `from` (where the
 * bus is now) and, with a heading, one that starts the way the bus is driving.
 */
export interface RerouteMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'reroute';
  requestId: string;
  from: LngLatWire;
  headingDeg?: number | undefined;
}

export type ClientMessage = HelloMessage | PositionMessage | StopEventMessage | ShiftMessage | FollowTripMessage | PingMessage | RerouteMessage;

// ---- Server → client ----

/** One stop on a driver's manifest, in service order. */
export interface ManifestStop {
  tripId: string;
  kind: 'pickup' | 'dropoff';
  location: [number, number];
  /** Rider's first name or initial; '' when they gave none (the console says "Rider" in its language). Never a bare number. */
  riderName: string;
  /** The street the stop is on (the map data's name, '' when the road has none). */
  street: string;
  /** At an arrived pickup: when a no-show may be reported (the wait is over); null elsewhere. */
  noShowAllowedAtS: number | null;
  passengers: number;
  wheelchairs: number;
  plannedAt: number;
  /** The promised window (pickup) or latest arrival (dropoff). */
  earliestS: number;
  latestS: number;
  state: 'planned' | 'arrived';
}

export interface Manifest {
  vehicleId: string;
  onShift: boolean;
  shiftEndsAt: number | null;
  scheduleVersion: number;
  stops: ManifestStop[];
  /** Route from the vehicle to the next stop, [lon, lat] pairs; empty with no stop. */
  routeToNext: [number, number][];
  /** The turns along routeToNext, in driving order (OSRM's steps: depart first, arrive last); empty without a route. */
  maneuversToNext: RouteManeuver[];
  /** Arrived or Dropped off farther than this (metres) from the stop asks the driver to confirm (logged off-site). */
  offSiteStopM: number;
  /** With no stop: drive toward here, where riders are expected (rebalancing); a new stop comes first. */
  repositionTo?: [number, number];
}

/** One maneuver of the route to the next stop, in OSRM's terms, for the console's turn-by-turn text. */
export interface RouteManeuver {
  type: ManeuverType;
  modifier?: ManeuverModifier | undefined;
  /** The road driven on after the maneuver ('' when unnamed). */
  name: string;
  location: [number, number];
  bearingAfter: number;
  /** Roundabouts: the exit taken (1 = first). */
  exit?: number | undefined;
  /** Metres along routeToNext from its start to this maneuver. */
  atM: number;
}

export type VehicleActivity = 'idle' | 'to_pickup' | 'carrying' | 'off_shift';

export interface FleetVehicleView {
  id: string;
  location: [number, number];
  headingDeg: number | null;
  activity: VehicleActivity;
  onBoard: number;
  stops: number;
  atS: number;
}

export type ServerMessage =
  | { v: 1; type: 'welcome'; role: Role; seq: number; resumed: boolean }
  | { v: 1; type: 'manifest'; seq: number; manifest: Manifest }
  /** Riders get the whole view; planners get it without rider contact data. */
  | { v: 1; type: 'trip'; seq: number; trip: TripView | PlannerTripView }
  /** The whole fleet; `version` (to planners that take fleet_changes) is what the next fleet_changes builds on. */
  | { v: 1; type: 'fleet'; seq: number; vehicles: FleetVehicleView[]; version?: number | undefined }
  /**
   * Planners that asked for it (hello.fleetChanges): the fleet's changes from view `since` to view `version`, sent
   * only to a page known to hold `since` (otherwise it gets a whole fleet message). Never dropped.
   */
  | { v: 1; type: 'fleet_changes'; seq: number; version: number; since: number; vehicles: FleetVehicleView[]; removed: string[] }
  | { v: 1; type: 'vehicle_position'; vehicleId: string; location: [number, number]; headingDeg: number | null; atS: number }
  | { v: 1; type: 'ack'; requestId: string; ok: true }
  | { v: 1; type: 'ack'; requestId: string; ok: false; error: { code: WsErrorCode | string; message: string } }
  | { v: 1; type: 'error'; error: { code: WsErrorCode; message: string } }
  | { v: 1; type: 'pong' }
  /** Riders: the bus is near, at the pickup, the pickup moved, the trip summary (issue 14 §4). Never dropped. */
  | { v: 1; type: 'notification'; notification: RiderNotification };

/** Messages a slow client may lose (a newer one replaces them); every other kind is kept. */
export const DROPPABLE_TYPES: ReadonlySet<ServerMessage['type']> = new Set(['vehicle_position', 'fleet', 'pong']);
