import type { HelloMessage } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';

/** Who a connection speaks for, once its hello is accepted. */
export type ClientIdentity = { role: 'driver'; vehicleId: string } | { role: 'rider'; riderId: string } | { role: 'planner' };

export type HelloVerdict = { ok: true; identity: ClientIdentity } | { ok: false; message: string };

/**
 * Every decision about what a client may see or do, in one place. The default trusts the identity the hello
 * claims (there are no tokens yet); the security issue replaces `identify` with a token check and keeps the rest.
 */
export interface Authorizer {
  identify(hello: HelloMessage): HelloVerdict;
  /** Trip messages (and follow_trip) of this trip. */
  mayFollowTrip(identity: ClientIdentity, trip: Pick<TripView, 'riderId'>): boolean;
  /** Positions, stop events and shift changes of this vehicle. */
  mayActForVehicle(identity: ClientIdentity, vehicleId: string): boolean;
  /** A vehicle's live position, given the trip that links the client to it (null for none). */
  maySeeVehiclePosition(identity: ClientIdentity, vehicleId: string, trip: TripView | null, atS: number): boolean;
}

/** States in which the rider's vehicle is coming to them or carrying them. */
const RIDING_STATES: ReadonlySet<TripView['state']> = new Set(['arriving', 'on_board']);
const BOOKED_STATES: ReadonlySet<TripView['state']> = new Set(['accepted', 'assigned']);

/**
 * Trusts the claimed identity. A rider sees their own trips, and their vehicle's position from `positionLeadS`
 * before the pickup until the dropoff (not earlier: it carries other riders). Planners see the whole fleet.
 */
export function claimedIdentityAuthorizer(options: { positionLeadS: number }): Authorizer {
  return {
    identify(hello) {
      switch (hello.role) {
        case 'driver':
          return hello.vehicleId ? { ok: true, identity: { role: 'driver', vehicleId: hello.vehicleId } } : { ok: false, message: 'A driver hello needs vehicleId' };
        case 'rider':
          return hello.riderId ? { ok: true, identity: { role: 'rider', riderId: hello.riderId } } : { ok: false, message: 'A rider hello needs riderId' };
        case 'planner':
          return { ok: true, identity: { role: 'planner' } };
      }
    },
    mayFollowTrip(identity, trip) {
      return identity.role === 'planner' || (identity.role === 'rider' && identity.riderId === trip.riderId);
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
