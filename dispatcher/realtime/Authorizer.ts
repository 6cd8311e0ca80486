import type { HelloMessage, Role } from '../../protocol/realtime';
import type { PlannerTripView, TripView } from '../../protocol/trips';
import { accessRule, type RuleId } from '../auth/accessTable';
import { withoutRider } from '../auth/dataMinimisation';
import { TokenRejected, type TokenVerifier } from '../auth/TokenVerifier';

/** Who a connection speaks for, once its hello is accepted: from the token, never from the hello's own claims. */
export type ClientIdentity = { role: 'driver'; vehicleId: string; subject: string } | { role: 'rider'; riderId: string } | { role: 'planner'; subject: string };

export type HelloVerdict =
  | { ok: true; identity: ClientIdentity; /** Milliseconds until the token expires: the connection is closed then (4005). */ validForMs: number }
  /** `forbidden`: no token, a bad one, or one that may not open this channel (4003); `helloRequired`: a hello that cannot be served (4002). */
  | { ok: false; code: 'forbidden' | 'helloRequired'; message: string };

/**
 * Every decision about what a websocket client may see or do, in one place. Channels and their rules come
 * from the access table (dispatcher/auth/accessTable.ts), the same one the HTTP API enforces.
 */
export interface Authorizer {
  identify(hello: HelloMessage): Promise<HelloVerdict>;
  /** Trip messages (and follow_trip) of this trip. */
  mayFollowTrip(identity: ClientIdentity, trip: Pick<TripView, 'riderId'>): boolean;
  /** The trip as this client is shown it: planners without rider contact data. */
  shownTrip(identity: ClientIdentity, trip: TripView): TripView | PlannerTripView;
  /** Positions, stop events and shift changes of this vehicle. */
  mayActForVehicle(identity: ClientIdentity, vehicleId: string): boolean;
  /** A vehicle's live position, given the trip that links the client to it (null for none). */
  maySeeVehiclePosition(identity: ClientIdentity, vehicleId: string, trip: TripView | null, atS: number): boolean;
}

/** One key per person: per-identity message rates and connection counts are kept under it. */
export function identityKey(identity: ClientIdentity): string {
  return identity.role === 'rider' ? `rider:${identity.riderId}` : identity.role === 'driver' ? `driver:${identity.vehicleId}` : `planner:${identity.subject}`;
}

/** States in which the rider's vehicle is coming to them or carrying them. */
const RIDING_STATES: ReadonlySet<TripView['state']> = new Set(['arriving', 'on_board']);
const BOOKED_STATES: ReadonlySet<TripView['state']> = new Set(['accepted', 'assigned']);

const HELLO_RULES: Record<Role, RuleId> = { rider: 'ws hello rider', driver: 'ws hello driver', planner: 'ws hello planner' };

/**
 * Identity from the hello's token: its role must open the channel the hello asks for (the access table's
 * `ws hello` rules), and a riderId or vehicleId in the hello must be the token's. A rider sees their own trips,
 * and their vehicle's position from `positionLeadS` before the pickup until the dropoff (not earlier: it
 * carries other riders). Planners (and operators, on the planner channel) see the whole fleet.
 */
export function tokenAuthorizer(options: { verifier: TokenVerifier; positionLeadS: number }): Authorizer {
  return {
    async identify(hello) {
      let verified;
      try {
        verified = await options.verifier.verify(hello.token);
      } catch (e) {
        if (e instanceof TokenRejected) return { ok: false, code: 'forbidden', message: e.message };
        throw e;
      }
      const { principal } = verified;
      const validForMs = Math.max(0, verified.validForS * 1000);
      const forbidden = (message: string): HelloVerdict => ({ ok: false, code: 'forbidden', message });
      if (accessRule(HELLO_RULES[hello.role]).roles[principal.role] === 'none') return forbidden(`A ${principal.role} token cannot open the ${hello.role} channel`);
      if (principal.role === 'rider') {
        if (hello.riderId !== undefined && hello.riderId !== principal.subject) return forbidden('hello.riderId is not the token’s rider');
        return { ok: true, identity: { role: 'rider', riderId: principal.subject }, validForMs };
      }
      if (principal.role === 'driver') {
        if (hello.vehicleId !== undefined && hello.vehicleId !== principal.vehicleId) return forbidden(`The token signs in to vehicle ${principal.vehicleId}, not ${hello.vehicleId}`);
        return { ok: true, identity: { role: 'driver', vehicleId: principal.vehicleId, subject: principal.subject }, validForMs };
      }
      return { ok: true, identity: { role: 'planner', subject: principal.subject }, validForMs };
    },
    mayFollowTrip(identity, trip) {
      return identity.role === 'planner' || (identity.role === 'rider' && identity.riderId === trip.riderId);
    },
    shownTrip(identity, trip) {
      return identity.role === 'planner' ? withoutRider(trip) : trip;
    },
    mayActForVehicle(identity, vehicleId) {
      return identity.role === 'driver' && identity.vehicleId === vehicleId;
    },
    maySeeVehiclePosition(identity, vehicleId, trip, atS) {
      if (identity.role === 'planner') return true;
      if (identity.role === 'driver') return identity.vehicleId === vehicleId;
      if (!trip || trip.vehicleId !== vehicleId || trip.riderId !== identity.riderId) return false;
      if (RIDING_STATES.has(trip.state)) return true;
      return BOOKED_STATES.has(trip.state) && trip.pickupEta !== null && trip.pickupEta - atS <= options.positionLeadS;
    },
  };
}

/** Refuses every hello: what a realtime server gets when it was given no token verifier. */
export function closedAuthorizer(): Authorizer {
  const base = tokenAuthorizer({ verifier: { verify: () => Promise.reject(new TokenRejected('invalid', 'This server checks no tokens')) }, positionLeadS: 0 });
  return { ...base, identify: async () => ({ ok: false, code: 'forbidden', message: 'This server was started without a token verifier' }) };
}
