import type { PromiseCause } from '../../protocol/promises';
import type { Pool, PoolClient } from 'pg';
import { appendEvents, appendEventsParams, type EventRow, EventType, toEventRecord } from './appendEvents';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import { COMMITTED_TRIP_STATES, type EventRecord, type NewEvent, type NewTrip, type PlannedStop, type TripPromise, type TripRecord } from './records';
import { assertSchedulesConsistent, bumpScheduleVersion, scheduleSqlError, stopSequenceParams, validateSequences, writeStopSequences } from './scheduleWrites';
import { transitionRefused } from './tripTransitions';
import { existingTrip, newTripPayload, TRIP_COLUMNS, tripColumns, tripInsert, type TripRow, toTripRecord } from './tripRows';
import { withTransaction } from './withTransaction';

export interface AcceptTripInput {
  /** The trip as requested; inserted when new, or the requested/offered row with this id is updated. */
  trip: NewTrip;
  promise: TripPromise;
  vehicleId: string;
  /** The vehicle's schedule_version the plan was made on. */
  expectedScheduleVersion: number;
  /** The vehicle's whole new sequence of open stops, this trip's pickup and dropoff included. */
  stops: readonly PlannedStop[];
  atS: number;
  /** Who accepted (`rider:<id>`, `operator:<subject>`): stored in trips.accepted_by and the trip_accepted event. */
  acceptedBy?: string;
  /** Appended after trip_accepted and schedule_changed (an operator's `operator_action`). */
  events?: readonly NewEvent[];
}

export interface AcceptTripResult {
  trip: TripRecord;
  scheduleVersion: number;
  events: EventRecord[];
}

export interface ScheduleChange {
  vehicleId: string;
  expectedVersion: number;
  stops: readonly PlannedStop[];
}

export interface ApplySchedulesInput {
  changes: readonly ScheduleChange[];
  /** Appended after the schedule_changed and trip_reassigned events (e.g. the optimizer's own summary). */
  events?: readonly NewEvent[];
  /** Promises that move with the re-plan (a late vehicle, issue 13): each trip's window and latest arrival become these. */
  promises?: readonly { tripId: string; promise: TripPromise; cause: PromiseCause }[];
  atS: number;
  /** Why the schedules changed, in their schedule_changed events; default 'reoptimized'. */
  reason?: string;
}

export interface MovedTrip {
  tripId: string;
  fromVehicleId: string;
  toVehicleId: string;
}

export interface ApplySchedulesResult {
  /** New schedule_version of each changed vehicle. */
  versions: Record<string, number>;
  /** Trips whose stops now sit on another vehicle; their trips.vehicle_id follows. */
  movedTrips: MovedTrip[];
  events: EventRecord[];
}

function stopKeys(stops: readonly PlannedStop[]): string[] {
  return stops.map((s) => `${s.tripId}/${s.kind}`);
}

/**
 * offerAndAccept's one statement: anystop_offer_and_accept (migration 0012) with tripInsert's parameters, the expected
 * version, the stop columns (stopSequenceParams), the committed states and the events (appendEventsParams). Its trip
 * is NULL when the trip already existed.
 */
const OFFER_AND_ACCEPT_SQL = `SELECT ${tripColumns('(r.trip).')}, r.schedule_version, r.events
  FROM anystop_offer_and_accept($1, $2, $3, $4, $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8, $10::int, $11::int,
    $12::float8, $13::float8, $14::float8, $15::float8, $16::float8, $17, $18, $19::float8, $20::jsonb, $21::float8, $22::float8, $23::text,
    $24::int, $25::text[], $26::text[], $27::text[], $28::int[], $29::float8[], $30::float8[], $31::float8[], $32::float8[], $33::float8[], $34::float8[],
    $35::text[], $36::text[], $37::text[], $38::text[], $39::jsonb[], $40::bigint) AS r`;

/** The two ways a vehicle's plan changes wholesale: a rider accepts an offer, or the re-optimizer applies a better plan. */
export class ScheduleRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * In one transaction: the trip becomes accepted with its promise and vehicle, the vehicle's open stops become
   * `stops`, its schedule_version is checked and bumped, and trip_accepted + schedule_changed are appended.
   * ScheduleConflict when the version moved; nothing is written then, nor on any other failure.
   */
  async acceptTrip(input: AcceptTripInput): Promise<AcceptTripResult> {
    const { trip, promise, vehicleId, stops, atS } = input;
    checkAcceptedSequence(trip.id, vehicleId, stops);
    const done = await withTransaction(this.pool, async (client) => {
      const scheduleVersion = await bumpScheduleVersion(client, vehicleId, input.expectedScheduleVersion);
      const accepted = await acceptTripRow(client, trip, promise, vehicleId, atS, input.acceptedBy);
      await writeStopSequences(client, [{ vehicleId, stops }]);
      await assertSchedulesConsistent(client, [vehicleId]);
      const events = await appendEvents(client, atS, [
        { type: EventType.TripAccepted, tripId: trip.id, vehicleId, payload: { promise: { ...promise }, scheduleVersion, ...(input.acceptedBy !== undefined ? { by: input.acceptedBy } : {}) } },
        { type: EventType.ScheduleChanged, vehicleId, payload: { scheduleVersion, stops: stopKeys(stops), reason: 'trip_accepted' } },
        ...(input.events ?? []),
      ]);
      return { trip: accepted, scheduleVersion, events };
    });
    return { ...done, events: done.events.records };
  }

  /**
   * A new trip offered and accepted at once (an auto-accepted request), in one transaction: the trip stored as accepted
   * with its promise, direct drive and vehicle, the vehicle's schedule_version checked and bumped, its open stops
   * become `stops`, and trip_offered + trip_accepted + schedule_changed are appended (the log reads as an offer
   * taken at once). The same (riderId, idempotencyKey), or the same id, returns the first trip and writes nothing
   * (`created` false). ScheduleConflict when the version moved; nothing is written then, nor on any other failure.
   */
  async offerAndAccept(input: Omit<AcceptTripInput, 'acceptedBy'> & { direct: { s: number; m: number } | null }): Promise<({ created: true } & AcceptTripResult) | { created: false; trip: TripRecord }> {
    const { trip, promise, vehicleId, stops, atS } = input;
    checkAcceptedSequence(trip.id, vehicleId, stops);
    // The version check holds in the function (vehicle row locked by its UPDATE), so the new version is known here.
    const scheduleVersion = input.expectedScheduleVersion + 1;
    const events: NewEvent[] = [
      { type: EventType.TripOffered, tripId: trip.id, payload: newTripPayload(trip) },
      { type: EventType.TripAccepted, tripId: trip.id, vehicleId, payload: { promise: { ...promise }, scheduleVersion } },
      { type: EventType.ScheduleChanged, vehicleId, payload: { scheduleVersion, stops: stopKeys(stops), reason: 'trip_accepted' } },
      ...(input.events ?? []),
    ];
    const insert = tripInsert(trip, { state: 'accepted', promise, vehicleId, atS, direct: input.direct });
    let row: (TripRow & { schedule_version: number | null; events: EventRow[] | null }) | undefined;
    try {
      ({ rows: [row] } = await this.pool.query<TripRow & { schedule_version: number | null; events: EventRow[] | null }>({
        name: 'anystop_offer_and_accept',
        text: OFFER_AND_ACCEPT_SQL,
        values: [...insert.params, input.expectedScheduleVersion, ...stopSequenceParams([{ vehicleId, stops }]), COMMITTED_TRIP_STATES, ...appendEventsParams(events)],
      }));
    } catch (e) {
      throw scheduleSqlError(e, { vehicleId, expected: input.expectedScheduleVersion });
    }
    if (!row || row.id === null) return { created: false as const, trip: await existingTrip(this.pool, trip) };
    if (row.schedule_version !== scheduleVersion) throw new Error(`anystop_offer_and_accept bumped ${vehicleId} to ${row.schedule_version}, not ${scheduleVersion}`);
    return { created: true as const, trip: toTripRecord(row), scheduleVersion, events: (row.events ?? []).map(toEventRecord).sort((a, b) => a.seq - b.seq) };
  }

  /**
   * In one transaction: each vehicle's version is checked and bumped, its open stops become the new sequence, trips
   * whose stops moved follow to their new vehicle, and the events are appended. A conflict on any vehicle applies
   * nothing. A trip may move only between vehicles of the same call, and never once on board.
   */
  async applySchedules(input: ApplySchedulesInput): Promise<ApplySchedulesResult> {
    // Same lock order in every call, so two writers cannot deadlock on each other's vehicles.
    const changes = [...input.changes].sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0));
    validateSequences(changes);
    const vehicleIds = changes.map((c) => c.vehicleId);
    const done = await withTransaction(this.pool, async (client) => {
      const versions: Record<string, number> = {};
      for (const change of changes) versions[change.vehicleId] = await bumpScheduleVersion(client, change.vehicleId, change.expectedVersion);
      await writeStopSequences(client, changes);

      const { rows: moves } = await client.query<{ trip_id: string; from_vehicle: string | null; to_vehicle: string; state: string }>(
        `SELECT DISTINCT s.trip_id, t.vehicle_id AS from_vehicle, s.vehicle_id AS to_vehicle, t.state
         FROM stops s JOIN trips t ON t.id = s.trip_id
         WHERE s.vehicle_id = ANY($1::text[]) AND s.state IN ('planned', 'arrived') AND t.vehicle_id IS DISTINCT FROM s.vehicle_id
         ORDER BY s.trip_id`,
        [vehicleIds],
      );
      const movedTrips: MovedTrip[] = [];
      for (const move of moves) {
        if (move.from_vehicle === null || !vehicleIds.includes(move.from_vehicle)) {
          throw new PersistenceError(
            PersistenceErrorCode.InvalidSchedule,
            `Trip ${move.trip_id} moves from ${move.from_vehicle ?? 'no vehicle'} to ${move.to_vehicle}: include both vehicles' sequences`,
          );
        }
        if (move.state === 'on_board') {
          throw new PersistenceError(PersistenceErrorCode.InvalidSchedule, `Trip ${move.trip_id} is on board ${move.from_vehicle}: it cannot move`);
        }
        movedTrips.push({ tripId: move.trip_id, fromVehicleId: move.from_vehicle, toVehicleId: move.to_vehicle });
      }
      if (movedTrips.length > 0) {
        await client.query(
          `UPDATE trips t SET vehicle_id = m.to_vehicle, updated_at = to_timestamp($3::float8), version = t.version + 1
           FROM unnest($1::text[], $2::text[]) AS m(trip_id, to_vehicle) WHERE t.id = m.trip_id`,
          [movedTrips.map((m) => m.tripId), movedTrips.map((m) => m.toVehicleId), input.atS],
        );
      }
      const promises = input.promises ?? [];
      if (promises.length > 0) {
        const moved = await client.query(
          `UPDATE trips t SET pickup_window_start = to_timestamp(p.earliest), pickup_window_end = to_timestamp(p.latest),
             latest_arrival_at = to_timestamp(p.arrival), promise_moved_at = to_timestamp($5::float8), promise_moved_cause = p.cause,
             updated_at = to_timestamp($5::float8), version = t.version + 1
           FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $7::text[]) AS p(trip_id, earliest, latest, arrival, cause)
           WHERE t.id = p.trip_id AND t.state = ANY($6::text[])`,
          [
            promises.map((p) => p.tripId),
            promises.map((p) => p.promise.pickupEarliestS),
            promises.map((p) => p.promise.pickupLatestS),
            promises.map((p) => p.promise.latestArrivalS),
            input.atS,
            COMMITTED_TRIP_STATES,
            promises.map((p) => p.cause),
          ],
        );
        if (moved.rowCount !== promises.length) {
          throw new PersistenceError(PersistenceErrorCode.InvalidSchedule, 'A promise to move belongs to a trip that is no longer open: plan from the current state');
        }
      }
      await assertSchedulesConsistent(client, vehicleIds);

      const events = await appendEvents(client, input.atS, [
        ...changes.map((c) => ({
          type: EventType.ScheduleChanged,
          vehicleId: c.vehicleId,
          payload: { scheduleVersion: versions[c.vehicleId]!, stops: stopKeys(c.stops), reason: input.reason ?? 'reoptimized' },
        })),
        ...movedTrips.map((m) => ({
          type: EventType.TripReassigned,
          tripId: m.tripId,
          vehicleId: m.toVehicleId,
          payload: { fromVehicleId: m.fromVehicleId, toVehicleId: m.toVehicleId },
        })),
        ...(input.events ?? []),
      ]);
      return { versions, movedTrips, events };
    });
    return { ...done, events: done.events.records };
  }
}

/** The new sequence is well formed and holds the accepted trip's pickup and dropoff. */
function checkAcceptedSequence(tripId: string, vehicleId: string, stops: readonly PlannedStop[]): void {
  validateSequences([{ vehicleId, stops }]);
  for (const kind of ['pickup', 'dropoff'] as const) {
    if (!stops.some((s) => s.tripId === tripId && s.kind === kind)) {
      throw new PersistenceError(PersistenceErrorCode.InvalidSchedule, `The new sequence of ${vehicleId} lacks the ${kind} of trip ${tripId}`);
    }
  }
}

/** The trip row becomes accepted with its promise and vehicle (inserted when new); refused unless requested or offered. */
export async function acceptTripRow(client: PoolClient, trip: NewTrip, promise: TripPromise, vehicleId: string, atS: number, acceptedBy?: string): Promise<TripRecord> {
  const insert = tripInsert(trip, { state: 'accepted', promise, vehicleId, atS });
  const { rows } = await client.query<TripRow>(
    `${insert.sql}
     ON CONFLICT (id) DO UPDATE SET state = 'accepted', pickup_window_start = EXCLUDED.pickup_window_start,
       pickup_window_end = EXCLUDED.pickup_window_end, latest_arrival_at = EXCLUDED.latest_arrival_at,
       vehicle_id = EXCLUDED.vehicle_id, offer_expires_at = NULL,
       origin_snapped = coalesce(EXCLUDED.origin_snapped, trips.origin_snapped),
       destination_snapped = coalesce(EXCLUDED.destination_snapped, trips.destination_snapped),
       walk_to_pickup_m = coalesce(EXCLUDED.walk_to_pickup_m, trips.walk_to_pickup_m),
       walks = coalesce(EXCLUDED.walks, trips.walks),
       updated_at = EXCLUDED.updated_at, version = trips.version + 1
       WHERE trips.state IN ('requested', 'offered')
     RETURNING ${TRIP_COLUMNS}`,
    insert.params,
  );
  if (!rows[0]) throw await transitionRefused(client, trip.id, 'accepted');
  if (acceptedBy === undefined) return toTripRecord(rows[0]);
  const by = await client.query<TripRow>(`UPDATE trips SET accepted_by = $2 WHERE id = $1 RETURNING ${TRIP_COLUMNS}`, [trip.id, acceptedBy]);
  return toTripRecord(by.rows[0]!);
}
