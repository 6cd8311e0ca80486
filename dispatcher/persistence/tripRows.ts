import type { Pool, PoolClient } from 'pg';
import { PROMISE_CAUSES, type PromiseCause } from '../../protocol/promises';
import { lngLat, lngLatOrNull } from './fleetRows';
import type { TripWalks } from '../../protocol/trips';
import type { JsonObject, NewTrip, TripPromise, TripRecord, TripState } from './records';
import { epochColumn, lngLatColumn, pointParam, timeParam } from './sqlFragments';

/** Row shape, column list and insert of trips, shared by the trip, schedule and stop-event writers. */

export interface TripRow {
  id: string;
  rider_id: string;
  rider_name: string | null;
  idempotency_key: string | null;
  origin: [number, number];
  destination: [number, number];
  origin_snapped: [number, number] | null;
  destination_snapped: [number, number] | null;
  walk_to_pickup_m: number | null;
  passengers: number;
  wheelchairs: number;
  requested_pickup_at_s: number;
  pickup_window_start_s: number | null;
  pickup_window_end_s: number | null;
  latest_arrival_at_s: number | null;
  offer_expires_at_s: number | null;
  actual_pickup_at_s: number | null;
  actual_dropoff_at_s: number | null;
  state: TripState;
  reject_reason: string | null;
  cancel_reason: string | null;
  vehicle_id: string | null;
  created_at_s: number;
  updated_at_s: number;
  version: number;
  direct_s: number | null;
  promise_moved_at_s: number | null;
  promise_moved_cause: string | null;
  walks: TripWalks | null;
  accepted_by: string | null;
  pinned_by: string | null;
}

/** Columns of `trips` (or of the alias `t.` when given) as TripRow. */
export function tripColumns(alias = ''): string {
  const c = (name: string): string => `${alias}${name}`;
  return [
    c('id'), c('rider_id'), c('rider_name'), c('idempotency_key'),
    `${lngLatColumn(c('origin'))} AS origin`,
    `${lngLatColumn(c('destination'))} AS destination`,
    `${lngLatColumn(c('origin_snapped'))} AS origin_snapped`,
    `${lngLatColumn(c('destination_snapped'))} AS destination_snapped`,
    c('walk_to_pickup_m'), c('passengers'), c('wheelchairs'),
    `${epochColumn(c('requested_pickup_at'))} AS requested_pickup_at_s`,
    `${epochColumn(c('pickup_window_start'))} AS pickup_window_start_s`,
    `${epochColumn(c('pickup_window_end'))} AS pickup_window_end_s`,
    `${epochColumn(c('latest_arrival_at'))} AS latest_arrival_at_s`,
    `${epochColumn(c('offer_expires_at'))} AS offer_expires_at_s`,
    `${epochColumn(c('actual_pickup_at'))} AS actual_pickup_at_s`,
    `${epochColumn(c('actual_dropoff_at'))} AS actual_dropoff_at_s`,
    c('state'), c('reject_reason'), c('cancel_reason'), c('vehicle_id'),
    `${epochColumn(c('created_at'))} AS created_at_s`,
    `${epochColumn(c('updated_at'))} AS updated_at_s`,
    c('version'), c('direct_s'), c('walks'), c('accepted_by'), c('pinned_by'),
    `${epochColumn(c('promise_moved_at'))} AS promise_moved_at_s`, c('promise_moved_cause'),
  ].join(', ');
}

export const TRIP_COLUMNS = tripColumns();

export function toTripRecord(row: TripRow): TripRecord {
  const promise: TripPromise | null =
    row.pickup_window_start_s !== null && row.pickup_window_end_s !== null && row.latest_arrival_at_s !== null
      ? { pickupEarliestS: row.pickup_window_start_s, pickupLatestS: row.pickup_window_end_s, latestArrivalS: row.latest_arrival_at_s }
      : null;
  return {
    id: row.id,
    riderId: row.rider_id,
    riderName: row.rider_name,
    idempotencyKey: row.idempotency_key,
    origin: lngLat(row.origin),
    destination: lngLat(row.destination),
    originSnapped: lngLatOrNull(row.origin_snapped),
    destinationSnapped: lngLatOrNull(row.destination_snapped),
    walkToPickupM: row.walk_to_pickup_m,
    passengers: row.passengers,
    wheelchairs: row.wheelchairs,
    requestedPickupAtS: row.requested_pickup_at_s,
    promise,
    offerExpiresAtS: row.offer_expires_at_s,
    actualPickupAtS: row.actual_pickup_at_s,
    actualDropoffAtS: row.actual_dropoff_at_s,
    state: row.state,
    rejectReason: row.reject_reason,
    cancelReason: row.cancel_reason,
    vehicleId: row.vehicle_id,
    createdAtS: row.created_at_s,
    updatedAtS: row.updated_at_s,
    version: row.version,
    directS: row.direct_s,
    promiseMoved: row.promise_moved_at_s !== null && isPromiseCause(row.promise_moved_cause) ? { cause: row.promise_moved_cause, atS: row.promise_moved_at_s } : null,
    walks: row.walks,
    acceptedBy: row.accepted_by,
    pinnedBy: row.pinned_by,
  };
}

export interface TripInsertExtras {
  state: TripState;
  promise?: TripPromise | null;
  offerExpiresAtS?: number | null;
  vehicleId?: string | null;
  atS: number;
  /** The direct drive measured when the trip was decided (MetricsRepository's detour figures). */
  direct?: { s: number; m: number } | null;
  /** A trip stored rejected at once: its named reason. */
  rejectReason?: string | null;
}

/** `INSERT INTO trips ... VALUES (...)` (no RETURNING, no ON CONFLICT) and its parameters. */
export function tripInsert(trip: NewTrip, extras: TripInsertExtras): { sql: string; params: unknown[] } {
  const point = (p: readonly number[] | null | undefined): number[] | null => (p ? [p[0]!, p[1]!] : null);
  const params: unknown[] = [
    trip.id, trip.riderId, trip.riderName ?? null, trip.idempotencyKey ?? null,
    point(trip.origin), point(trip.destination), point(trip.originSnapped), point(trip.destinationSnapped),
    trip.walkToPickupM ?? null, trip.passengers, trip.wheelchairs, trip.requestedPickupAtS,
    extras.promise?.pickupEarliestS ?? null, extras.promise?.pickupLatestS ?? null, extras.promise?.latestArrivalS ?? null,
    extras.offerExpiresAtS ?? null, extras.state, extras.vehicleId ?? null, extras.atS,
    trip.walks ? JSON.stringify(trip.walks) : null,
    extras.direct?.s ?? null, extras.direct?.m ?? null, extras.rejectReason ?? null,
  ];
  const sql = `INSERT INTO trips (id, rider_id, rider_name, idempotency_key, origin, destination, origin_snapped, destination_snapped,
      walk_to_pickup_m, passengers, wheelchairs, requested_pickup_at, pickup_window_start, pickup_window_end, latest_arrival_at,
      offer_expires_at, state, vehicle_id, created_at, updated_at, walks, direct_s, direct_m, reject_reason)
    VALUES ($1, $2, $3, $4, ${pointParam(5)}, ${pointParam(6)}, ${pointParam(7)}, ${pointParam(8)},
      $9, $10, $11, ${timeParam(12)}, ${timeParam(13)}, ${timeParam(14)}, ${timeParam(15)},
      ${timeParam(16)}, $17, $18, ${timeParam(19)}, ${timeParam(19)}, $20::jsonb, $21::float8, $22::float8, $23::text)`;
  return { sql, params };
}

function isPromiseCause(cause: string | null): cause is PromiseCause {
  return cause !== null && (PROMISE_CAUSES as readonly string[]).includes(cause);
}

/** The trip that already holds this rider's idempotency key, or this id (an insert that hit ON CONFLICT DO NOTHING). */
export async function existingTrip(client: Pool | PoolClient, trip: NewTrip): Promise<TripRecord> {
  const { rows } = await client.query<TripRow>(
    `SELECT ${TRIP_COLUMNS} FROM trips WHERE (rider_id = $1 AND idempotency_key = $2) OR id = $3 ORDER BY (id = $3) LIMIT 1`,
    [trip.riderId, trip.idempotencyKey ?? null, trip.id],
  );
  return toTripRecord(rows[0]!);
}

/** The payload of a new trip's first event (trip_requested or trip_offered): enough to recompute the planner's numbers. */
export function newTripPayload(trip: NewTrip): JsonObject {
  return { riderId: trip.riderId, requestedPickupAtS: trip.requestedPickupAtS, passengers: trip.passengers, wheelchairs: trip.wheelchairs };
}
