import type { TripState, TripView } from '../../../protocol/trips';

/** TOMP-API 1.5 booking states (components/schemas/bookingState). */
export type TompBookingState = 'NEW' | 'PENDING' | 'REJECTED' | 'RELEASED' | 'EXPIRED' | 'CONDITIONAL_CONFIRMED' | 'CONFIRMED' | 'CANCELLED' | 'STARTED' | 'FINISHED';
/** TOMP-API 1.5 leg states (components/schemas/legState). */
export type TompLegState = 'NOT_STARTED' | 'PREPARING' | 'IN_USE' | 'PAUSED' | 'FINISHING' | 'FINISHED' | 'ISSUE_REPORTED' | 'CANCELLED';

/** Anystop's trip state as a TOMP booking state. An open offer is PENDING once booked, EXPIRED after its deadline. */
export function tompBookingState(trip: TripView, nowS: number): TompBookingState {
  const byState: Record<TripState, TompBookingState> = {
    requested: 'NEW',
    offered: 'PENDING',
    accepted: 'CONFIRMED',
    assigned: 'CONFIRMED',
    arriving: 'CONFIRMED',
    on_board: 'STARTED',
    completed: 'FINISHED',
    cancelled: 'CANCELLED',
    no_show: 'CANCELLED',
    rejected: 'REJECTED',
  };
  if (trip.state === 'offered' && trip.offerExpiresAt !== null && nowS > trip.offerExpiresAt) return 'EXPIRED';
  // A declined offer (cancel code OfferDeclined) is what TOMP calls RELEASED.
  if (trip.state === 'cancelled' && trip.cancelCode === 'OfferDeclined') return 'RELEASED';
  return byState[trip.state];
}

/** Anystop's trip state as the state of its one leg. */
export function tompLegState(state: TripState): TompLegState {
  const byState: Record<TripState, TompLegState> = {
    requested: 'NOT_STARTED',
    offered: 'NOT_STARTED',
    accepted: 'NOT_STARTED',
    assigned: 'NOT_STARTED',
    arriving: 'PREPARING',
    on_board: 'IN_USE',
    completed: 'FINISHED',
    cancelled: 'CANCELLED',
    no_show: 'CANCELLED',
    rejected: 'CANCELLED',
  };
  return byState[state];
}

const iso = (s: number) => new Date(Math.round(s) * 1000).toISOString();
export const tompPlace = (p: readonly [number, number], name?: string) => ({ ...(name ? { name } : {}), coordinates: { lng: p[0], lat: p[1] } });
export const ASSET_TYPE = { id: 'drt-minibus', assetClass: 'BUS', assetSubClass: 'on-demand minibus' } as const;

/** The pickup window and arrival promise of an offer, as TOMP's times plus Anystop's window in extraData. */
export interface OfferTimes {
  pickupEarliestS: number;
  pickupLatestS: number;
  arriveByS: number;
  nowS: number;
}

function extraData(t: OfferTimes, directS: number | null) {
  return {
    safeWaitTime: Math.max(0, Math.round((t.pickupEarliestS - t.nowS) / 60)),
    maxWaitTime: Math.max(0, Math.round((t.pickupLatestS - t.nowS) / 60)),
    ...(directS !== null ? { safeTravelTime: Math.round(directS / 60) } : {}),
    maxTravelTime: Math.max(0, Math.round((t.arriveByS - t.pickupEarliestS) / 60)),
    pickupWindow: { start: iso(t.pickupEarliestS), end: iso(t.pickupLatestS) },
  };
}

/**
 * A TOMP booking (with its one leg, id = booking id) for a trip, or for an inquiry that has no trip yet (id null).
 * departureTime is the start of the promised pickup window, arrivalTime the promised latest arrival; the whole window
 * is in extraData.pickupWindow. No rider data: the MaaS provider knows its rider.
 */
export function tompBooking(input: { id: string | null; state: TompBookingState; legState: TompLegState; from: readonly [number, number]; to: readonly [number, number]; times: OfferTimes | null; directS: number | null; actualDepartureS?: number | null }) {
  const times = input.times;
  const leg = {
    ...(input.id ? { id: input.id } : {}),
    from: tompPlace(input.from),
    to: tompPlace(input.to),
    ...(times ? { departureTime: iso(times.pickupEarliestS), arrivalTime: iso(times.arriveByS) } : {}),
    assetType: ASSET_TYPE,
    legSequenceNumber: 1,
    state: input.legState,
  };
  return {
    ...(input.id ? { id: input.id } : {}),
    state: input.state,
    from: tompPlace(input.from),
    to: tompPlace(input.to),
    ...(times ? { departureTime: iso(times.pickupEarliestS), arrivalTime: iso(times.arriveByS), extraData: extraData(times, input.directS) } : {}),
    mainAssetType: ASSET_TYPE,
    legs: [leg],
  };
}

/** A trip as a TOMP booking. */
export function tompBookingOfTrip(trip: TripView, nowS: number) {
  const times = trip.promisedPickup && trip.promisedArrivalBy !== null ? { pickupEarliestS: trip.promisedPickup.earliestS, pickupLatestS: trip.promisedPickup.latestS, arriveByS: trip.promisedArrivalBy, nowS } : null;
  return tompBooking({ id: trip.id, state: tompBookingState(trip, nowS), legState: tompLegState(trip.state), from: trip.pickupPoint ?? trip.origin, to: trip.dropoffPoint ?? trip.destination, times, directS: null });
}

export { iso as tompTime };
