import type { PoolClient } from 'pg';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { TripRecord, TripState } from './records';
import { timeParam } from './sqlFragments';
import { TRIP_COLUMNS, type TripRow, toTripRecord } from './tripRows';

/** From which states a trip may enter each state. Final states (completed, cancelled, no_show, rejected) lead nowhere. */
export const TRIP_ENTERED_FROM: Readonly<Record<TripState, readonly TripState[]>> = {
  requested: [],
  offered: ['requested'],
  accepted: ['requested', 'offered'],
  assigned: ['accepted'],
  arriving: ['accepted', 'assigned'],
  on_board: ['accepted', 'assigned', 'arriving'],
  completed: ['on_board'],
  cancelled: ['requested', 'offered', 'accepted', 'assigned', 'arriving'],
  no_show: ['accepted', 'assigned', 'arriving'],
  rejected: ['requested', 'offered'],
};

export interface TransitionOptions {
  atS: number;
  /** Fail unless the trip is still at this version (its row's `version`). */
  expectedVersion?: number;
  /** Extra `column = expression` assignments; their parameters are `extraParams`, numbered from $6. */
  extraSet?: string;
  extraParams?: unknown[];
}

/**
 * Moves a trip to `to` inside the caller's transaction, bumping its version; InvalidTripTransition when its current
 * state does not lead there (or its version moved), TripNotFound when there is no such trip.
 */
export async function transitionTrip(client: PoolClient, tripId: string, to: TripState, options: TransitionOptions): Promise<TripRecord> {
  const { rows } = await client.query<TripRow>(
    `UPDATE trips SET state = $2, updated_at = ${timeParam(3)}, version = version + 1${options.extraSet ? `, ${options.extraSet}` : ''}
     WHERE id = $1 AND state = ANY($4::text[]) AND ($5::int IS NULL OR version = $5::int)
     RETURNING ${TRIP_COLUMNS}`,
    [tripId, to, options.atS, TRIP_ENTERED_FROM[to], options.expectedVersion ?? null, ...(options.extraParams ?? [])],
  );
  if (rows[0]) return toTripRecord(rows[0]);
  throw await transitionRefused(client, tripId, to, options.expectedVersion);
}

/** Why a trip could not become `to`: not found, wrong state or moved version. */
export async function transitionRefused(client: PoolClient, tripId: string, to: TripState, expectedVersion?: number): Promise<PersistenceError> {
  const { rows } = await client.query<{ state: TripState; version: number }>('SELECT state, version FROM trips WHERE id = $1', [tripId]);
  const current = rows[0];
  if (!current) return new PersistenceError(PersistenceErrorCode.TripNotFound, `No trip ${tripId}`);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    return new PersistenceError(
      PersistenceErrorCode.InvalidTripTransition,
      `Trip ${tripId} is at version ${current.version}, not ${expectedVersion}: reload it and decide again`,
    );
  }
  return new PersistenceError(
    PersistenceErrorCode.InvalidTripTransition,
    `Trip ${tripId} is ${current.state}; only a trip that is ${TRIP_ENTERED_FROM[to].join(' or ') || 'new'} can become ${to}`,
  );
}
