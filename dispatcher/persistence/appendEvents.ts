import type { PoolClient, QueryResult } from 'pg';
import type { EventRecord, JsonObject, NewEvent } from './records';
import { epochColumn } from './sqlFragments';

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

/** The statement that stages events (appendEvents): $1 a JSON array of {at, type, trip_id, vehicle_id, payload}. */
const STAGE_SQL = `SELECT set_config('anystop.staged_events',
  (coalesce(nullif(current_setting('anystop.staged_events', true), ''), '[]')::jsonb || $1::jsonb)::text, true)`;

/**
 * The staged events appended and the transaction committed, in one message (migration 0016): the server takes the
 * append lock, makes the rows and releases the lock at COMMIT without waiting for this process in between. No value
 * travels in it (the lock's key is a constant), so the simple protocol that allows two statements carries no literal.
 */
const APPEND_AND_COMMIT_SQL = `SELECT ${EVENT_COLUMNS} FROM anystop_append_staged_events(${EVENT_APPEND_LOCK_KEY}); COMMIT`;

/** Events staged by appendEvents on a client whose transaction has not ended, in staging order. */
const stagedOn = new WeakMap<PoolClient, StagedEvents[]>();

/** Events appended by one appendEvents call: their records (with their seqs) once the transaction committed. */
export class StagedEvents {
  private committed: EventRecord[] | null = null;

  constructor(readonly count: number) {}

  /** The events as appended, in seq order. Throws before COMMIT: the seqs are made there. */
  get records(): EventRecord[] {
    if (this.committed === null) throw new Error('Events are appended at COMMIT: read their records after the transaction');
    return this.committed;
  }

  settle(records: EventRecord[]): void {
    this.committed = records;
  }
}

/**
 * Appends events as part of the caller's transaction (withTransaction), in the given order after any it appended
 * before. They are staged in the transaction (one round trip, no lock) and written at its COMMIT
 * (commitTransaction), where their seqs are made: read them from the result's `records` after the transaction.
 */
export async function appendEvents(client: PoolClient, atS: number, events: readonly NewEvent[]): Promise<StagedEvents> {
  const staged = new StagedEvents(events.length);
  if (events.length === 0) {
    staged.settle([]);
    return staged;
  }
  const rows = events.map((e) => ({ at: atS, type: e.type, trip_id: e.tripId ?? null, vehicle_id: e.vehicleId ?? null, payload: e.payload ?? {} }));
  await client.query({ name: 'anystop_stage_events', text: STAGE_SQL, values: [JSON.stringify(rows)] });
  const list = stagedOn.get(client);
  if (list) list.push(staged);
  else stagedOn.set(client, [staged]);
  return staged;
}

/**
 * COMMIT of a transaction, with the events it staged appended in the same message (APPEND_AND_COMMIT_SQL), so the
 * append lock is never held across a round trip. Each appendEvents result then holds its records.
 */
export async function commitTransaction(client: PoolClient): Promise<void> {
  const staged = stagedOn.get(client);
  stagedOn.delete(client);
  if (!staged || staged.length === 0) {
    await client.query('COMMIT');
    return;
  }
  const results: unknown = await client.query(APPEND_AND_COMMIT_SQL);
  const first = Array.isArray(results) ? (results[0] as QueryResult<EventRow> | undefined) : undefined;
  const records = (first?.rows ?? []).map(toEventRecord).sort((a, b) => a.seq - b.seq);
  let k = 0;
  for (const s of staged) {
    s.settle(records.slice(k, k + s.count));
    k += s.count;
  }
  if (k !== records.length) throw new Error(`COMMIT appended ${records.length} events, ${k} were staged`);
}

/** A transaction rolled back: what it staged is gone with it. */
export function discardStagedEvents(client: PoolClient): void {
  stagedOn.delete(client);
}
