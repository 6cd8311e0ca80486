import type { PoolClient } from 'pg';
import type { EventRecord, JsonObject, NewEvent } from './records';
import { epochColumn, timeParam } from './sqlFragments';

/** The event types persistence writes itself. Callers may append others (applySchedules' extra events). */
export const EventType = {
  TripRequested: 'trip_requested',
  TripOffered: 'trip_offered',
  TripAccepted: 'trip_accepted',
  TripRejected: 'trip_rejected',
  TripCancelled: 'trip_cancelled',
  TripStateChanged: 'trip_state_changed',
  TripReassigned: 'trip_reassigned',
  ScheduleChanged: 'schedule_changed',
  StopArrived: 'stop_arrived',
  TripPickedUp: 'trip_picked_up',
  TripNoShow: 'trip_no_show',
  TripCompleted: 'trip_completed',
  ShiftStarted: 'shift_started',
  ShiftEnded: 'shift_ended',
  /** A rider rated their completed trip (issue 14 §4). */
  TripRated: 'trip_rated',
  /** Something an operator did, with who and why: { action, by, reason?, ...details }. */
  OperatorAction: 'operator_action',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/**
 * Serialises the tail of every event-writing transaction, so seq order is commit order: without it, a transaction
 * holding seq 9 could commit after one holding seq 10, and a stream that had read 10 would never see 9.
 */
const EVENT_APPEND_LOCK_KEY = 0x65766e74; // 'evnt'

export interface EventRow {
  seq: string;
  at_s: number;
  type: string;
  trip_id: string | null;
  vehicle_id: string | null;
  payload: JsonObject;
}

export const EVENT_COLUMNS = `seq, ${epochColumn('at')} AS at_s, type, trip_id, vehicle_id, payload`;

export function toEventRecord(row: EventRow): EventRecord {
  // bigserial arrives as a string; it stays below 2^53 for any real event log.
  return { seq: Number(row.seq), atS: row.at_s, type: row.type, tripId: row.trip_id, vehicleId: row.vehicle_id, payload: row.payload };
}

/** The events as appendEvents' parameters $2..$6 (types, trip ids, vehicle ids, payloads, the append lock's key). */
export function appendEventsParams(events: readonly NewEvent[]): unknown[] {
  return [
    events.map((e) => e.type),
    events.map((e) => e.tripId ?? null),
    events.map((e) => e.vehicleId ?? null),
    events.map((e) => JSON.stringify(e.payload ?? {})),
    EVENT_APPEND_LOCK_KEY,
  ];
}

/**
 * Appends events inside the caller's transaction, in the given order. Call it last, just before COMMIT. One round
 * trip: the append lock is taken in the same statement, before any row (and so any seq) is made.
 */
export async function appendEvents(client: PoolClient, atS: number, events: readonly NewEvent[]): Promise<EventRecord[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query<EventRow>(
    `WITH append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($6::bigint))
     INSERT INTO events (at, type, trip_id, vehicle_id, payload)
     SELECT ${timeParam(1)}, e.type, e.trip_id, e.vehicle_id, e.payload
     FROM append_lock, unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS e(type, trip_id, vehicle_id, payload, ord)
     ORDER BY e.ord
     RETURNING ${EVENT_COLUMNS}`,
    [atS, ...appendEventsParams(events)],
  );
  return rows.map(toEventRecord).sort((a, b) => a.seq - b.seq);
}
