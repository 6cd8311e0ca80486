import type { Pool } from 'pg';
import { appendEvents, appendEventsParams, EventType } from './appendEvents';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { LngLat, NewEvent, NewTrip, TripPromise, TripRecord } from './records';
import { bumpScheduleVersion } from './scheduleWrites';
import { pointParam, timeParam } from './sqlFragments';
import { transitionTrip } from './tripTransitions';
import { existingTrip, newTripPayload, TRIP_COLUMNS, tripColumns, tripInsert, type TripRow, toTripRecord } from './tripRows';
import { withTransaction } from './withTransaction';

export interface TripOffer {
  promise: TripPromise;
  offerExpiresAtS: number;
  originSnapped?: LngLat | null;
  destinationSnapped?: LngLat | null;
  walkToPickupM?: number | null;
  /** The direct drive pickup to dropoff, stored with the offer (one write instead of a second round trip). */
  direct?: { s: number; m: number };
}

export interface CreateTripResult {
  trip: TripRecord;
  /** False when the rider's idempotency key (or the id) already named a trip: `trip` is that one, unchanged. */
  created: boolean;
}

export interface CancelTripResult {
  trip: TripRecord;
  /** The vehicle's new schedule_version when the trip had stops on it, else null. */
  scheduleVersion: number | null;
}

/** Trips outside the schedule transactions: creation (idempotent per rider), offers, rejections, cancellations. */
export class TripRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Stores a requested trip, or an offered one when `offer` is given, and appends trip_requested / trip_offered.
   * The same (riderId, idempotencyKey) returns the first trip and writes nothing.
   */
  async create(trip: NewTrip, options: { atS: number; offer?: TripOffer }): Promise<CreateTripResult> {
    const offer = options.offer;
    const withOffer: NewTrip = offer
      ? {
          ...trip,
          originSnapped: offer.originSnapped ?? trip.originSnapped,
          destinationSnapped: offer.destinationSnapped ?? trip.destinationSnapped,
          walkToPickupM: offer.walkToPickupM ?? trip.walkToPickupM,
        }
      : trip;
    const state = offer ? 'offered' : 'requested';
    const insert = tripInsert(withOffer, { state, promise: offer?.promise, offerExpiresAtS: offer?.offerExpiresAtS, atS: options.atS, direct: offer?.direct ?? null });
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<TripRow>(`${insert.sql} ON CONFLICT DO NOTHING RETURNING ${TRIP_COLUMNS}`, insert.params);
      if (rows[0]) {
        const type = offer ? EventType.TripOffered : EventType.TripRequested;
        // Enough to recompute the planner's numbers from the log alone (simulator KPIs check against the tables).
        await appendEvents(client, options.atS, [
          { type, tripId: trip.id, payload: newTripPayload(trip) },
        ]);
        return { trip: toTripRecord(rows[0]), created: true };
      }
      return { trip: await existingTrip(client, trip), created: false };
    });
  }

  /**
   * A new trip refused at once (a named reason: OutsideServiceArea, NoVehicleInReach, ...), in one statement (so one
   * transaction and one round trip): stored as rejected, trip_requested + trip_rejected appended (as create then
   * reject write them) under the append lock, taken after the trip row and before any event row (appendEvents). The
   * same (riderId, idempotencyKey), or the same id, returns the first trip and writes nothing (`created` false).
   */
  async createRejected(trip: NewTrip, reason: string, atS: number): Promise<CreateTripResult> {
    const insert = tripInsert(trip, { state: 'rejected', atS, rejectReason: reason });
    const events = appendEventsParams([
      { type: EventType.TripRequested, tripId: trip.id, payload: newTripPayload(trip) },
      { type: EventType.TripRejected, tripId: trip.id, payload: { reason } },
    ]);
    const { rows } = await this.pool.query<TripRow>({
      name: 'anystop_create_rejected',
      text: `WITH t AS (${insert.sql} ON CONFLICT DO NOTHING RETURNING *),
        append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($28::bigint) FROM t),
        appended AS (
          INSERT INTO events (at, type, trip_id, vehicle_id, payload)
          SELECT ${timeParam(19)}, e.type, e.trip_id, e.vehicle_id, e.payload
          FROM append_lock, unnest($24::text[], $25::text[], $26::text[], $27::jsonb[]) WITH ORDINALITY AS e(type, trip_id, vehicle_id, payload, ord)
          ORDER BY e.ord)
        SELECT ${tripColumns('t.')} FROM t`,
      values: [...insert.params, ...events],
    });
    if (rows[0]) return { trip: toTripRecord(rows[0]), created: true };
    return { trip: await existingTrip(this.pool, trip), created: false };
  }

  async get(id: string): Promise<TripRecord | null> {
    const { rows } = await this.pool.query<TripRow>(`SELECT ${TRIP_COLUMNS} FROM trips WHERE id = $1`, [id]);
    return rows[0] ? toTripRecord(rows[0]) : null;
  }

  /** A rider's trips, the latest requested pickup first, at most `limit`. */
  async listForRider(riderId: string, limit: number): Promise<TripRecord[]> {
    const { rows } = await this.pool.query<TripRow>(`SELECT ${TRIP_COLUMNS} FROM trips WHERE rider_id = $1 ORDER BY requested_pickup_at DESC, id LIMIT $2`, [riderId, limit]);
    return rows.map(toTripRecord);
  }

  async getByIdempotencyKey(riderId: string, idempotencyKey: string): Promise<TripRecord | null> {
    const { rows } = await this.pool.query<TripRow>(`SELECT ${TRIP_COLUMNS} FROM trips WHERE rider_id = $1 AND idempotency_key = $2`, [
      riderId,
      idempotencyKey,
    ]);
    return rows[0] ? toTripRecord(rows[0]) : null;
  }

  /** requested → offered, with the promise the rider may accept until offerExpiresAtS. */
  async offer(id: string, offer: TripOffer, atS: number): Promise<TripRecord> {
    return withTransaction(this.pool, async (client) => {
      const trip = await transitionTrip(client, id, 'offered', {
        atS,
        extraSet: `pickup_window_start = ${timeParam(6)}, pickup_window_end = ${timeParam(7)}, latest_arrival_at = ${timeParam(8)},
          offer_expires_at = ${timeParam(9)}, origin_snapped = coalesce(${pointParam(10)}, origin_snapped),
          destination_snapped = coalesce(${pointParam(11)}, destination_snapped), walk_to_pickup_m = coalesce($12, walk_to_pickup_m)`,
        extraParams: [
          offer.promise.pickupEarliestS, offer.promise.pickupLatestS, offer.promise.latestArrivalS, offer.offerExpiresAtS,
          offer.originSnapped ? [...offer.originSnapped] : null, offer.destinationSnapped ? [...offer.destinationSnapped] : null,
          offer.walkToPickupM ?? null,
        ],
      });
      await appendEvents(client, atS, [{ type: EventType.TripOffered, tripId: id, payload: { promise: { ...offer.promise } } }]);
      return trip;
    });
  }

  /** requested/offered → rejected, with a named reason (OutsideServiceArea, NoVehicleInReach, ...). */
  async reject(id: string, reason: string, atS: number): Promise<TripRecord> {
    return withTransaction(this.pool, async (client) => {
      const trip = await transitionTrip(client, id, 'rejected', { atS, extraSet: 'reject_reason = $6', extraParams: [reason] });
      await appendEvents(client, atS, [{ type: EventType.TripRejected, tripId: id, payload: { reason } }]);
      return trip;
    });
  }

  /**
   * Cancels a trip that is not on board yet. Its open stops become skipped and its vehicle's schedule_version moves
   * on (so a plan made before the cancellation conflicts instead of bringing the stops back).
   */
  /** `events` are appended after trip_cancelled (an operator's `operator_action`). */
  async cancel(id: string, reason: string, atS: number, events: readonly NewEvent[] = []): Promise<CancelTripResult> {
    return withTransaction(this.pool, async (client) => {
      const trip = await transitionTrip(client, id, 'cancelled', { atS, extraSet: 'cancel_reason = $6', extraParams: [reason] });
      const { rows } = await client.query<{ vehicle_id: string }>(
        `UPDATE stops SET state = 'skipped' WHERE trip_id = $1 AND state IN ('planned', 'arrived') RETURNING vehicle_id`,
        [id],
      );
      const vehicleId = rows[0]?.vehicle_id ?? null;
      const scheduleVersion = vehicleId === null ? null : await bumpScheduleVersion(client, vehicleId, null);
      await appendEvents(client, atS, [
        { type: EventType.TripCancelled, tripId: id, vehicleId, payload: { reason } },
        ...(vehicleId === null ? [] : [{ type: EventType.ScheduleChanged, vehicleId, payload: { scheduleVersion, reason: 'trip_cancelled' } }]),
        ...events,
      ]);
      return { trip, scheduleVersion };
    });
  }

  /**
   * The state changes that touch no stop: accepted → assigned (the driver has it), accepted/assigned → arriving.
   * Pass expectedVersion to fail when the trip changed since it was read.
   */
  async markState(id: string, to: 'assigned' | 'arriving', options: { atS: number; expectedVersion?: number }): Promise<TripRecord> {
    return withTransaction(this.pool, async (client) => {
      const trip = await transitionTrip(client, id, to, options);
      await appendEvents(client, options.atS, [{ type: EventType.TripStateChanged, tripId: id, vehicleId: trip.vehicleId, payload: { state: to } }]);
      return trip;
    });
  }

  /**
   * Pins the trip to the vehicle it is on (`by` the operator) or unpins it (`by` null), bumps that vehicle's
   * schedule version, and appends the `operator_action` event. Only an open trip on a vehicle can be pinned: PersistenceError TripNotPinnable otherwise.
   */
  async setPin(id: string, by: string | null, atS: number, event: NewEvent): Promise<{ trip: TripRecord; scheduleVersion: number | null }> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<TripRow>(
        `UPDATE trips SET pinned_by = $2, pinned_at = CASE WHEN $2::text IS NULL THEN NULL ELSE ${timeParam(3)} END,
           updated_at = ${timeParam(3)}, version = version + 1
         WHERE id = $1 AND ($2::text IS NULL OR (vehicle_id IS NOT NULL AND state = ANY($4::text[])))
         RETURNING ${TRIP_COLUMNS}`,
        [id, by, atS, PINNABLE_TRIP_STATES],
      );
      if (!rows[0]) {
        const { rowCount } = await client.query('SELECT 1 FROM trips WHERE id = $1', [id]);
        if (!rowCount) throw new PersistenceError(PersistenceErrorCode.TripNotFound, `No trip ${id}`);
        throw new PersistenceError(PersistenceErrorCode.TripNotPinnable, `Trip ${id} is not an open trip on a vehicle: only those can be pinned`);
      }
      const trip = toTripRecord(rows[0]);
      // The vehicle's plan changed meaning: a re-plan searched before the pin is discarded, never applied.
      const scheduleVersion = trip.vehicleId === null ? null : await bumpScheduleVersion(client, trip.vehicleId, null);
      await appendEvents(client, atS, [{ ...event, tripId: id, vehicleId: trip.vehicleId }]);
      return { trip, scheduleVersion };
    });
  }
}

/** States in which a trip sits on a vehicle and can be pinned to it. */
const PINNABLE_TRIP_STATES = ['accepted', 'assigned', 'arriving', 'on_board'];
