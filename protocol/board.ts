import type { TripView, VehicleBadge } from './trips';

/**
 * The operator's live board (GET /board): every open trip sorted into the columns an operator works from,
 * and every vehicle with its next stops, load and lateness. Types only: the console imports them.
 */

/** The board's columns, in the order they are shown: late and at risk come first, as they need someone. */
export const BOARD_COLUMNS = ['late', 'at_risk', 'requested', 'offered', 'assigned', 'on_board'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** A planned arrival with less slack than this before the promise's end counts as at risk. */
export const AT_RISK_SLACK_S = 3 * 60;

/** Stops shown per vehicle. */
export const BOARD_NEXT_STOPS = 3;

/** An open trip as the operator sees it: the rider's view with who rides and where it stands. */
export interface BoardTrip extends TripView {
  riderName: string | null;
  column: BoardColumn;
  /** Who pinned it to its vehicle (`operator:<subject>`); null when the re-optimizer may move it. */
  pinnedBy: string | null;
  /** Who accepted the offer when it was not the rider (an operator booking by phone), else null. */
  acceptedBy: string | null;
  /** How far the plan runs past the promise (s, > 0 late), or how much slack it leaves (< 0); null without a plan. */
  lateByS: number | null;
}

export interface BoardStop {
  tripId: string;
  kind: 'pickup' | 'dropoff';
  location: [number, number];
  riderName: string | null;
  plannedAt: number;
  /** The promise's end at this stop: the latest pickup, or the latest arrival. */
  latestS: number;
  /** plannedAt − latestS: > 0 the promise breaks here. */
  lateByS: number;
}

export interface BoardVehicle {
  id: string;
  name: string;
  badge: VehicleBadge | null;
  seats: number;
  wheelchairPlaces: number;
  depot: [number, number];
  onShift: boolean;
  /** An operator marked it out of service (a breakdown): it takes no new riders. */
  outOfService: boolean;
  shiftEndsAt: number | null;
  /** Where the fleet last placed it (its depot when off shift and never heard from). */
  location: [number, number];
  /** Seats taken by riders on board. */
  onBoard: number;
  stopsPlanned: number;
  nextStops: BoardStop[];
  /** The worst lateness over all its planned stops (s, > 0 late); null with none. */
  lateByS: number | null;
}

export interface BoardResponse {
  atS: number;
  trips: BoardTrip[];
  vehicles: BoardVehicle[];
}
