import type { PoolClient } from 'pg';
import { PersistenceError, PersistenceErrorCode, ScheduleConflict } from './PersistenceError';
import { COMMITTED_TRIP_STATES, type PlannedStop } from './records';

/** The steps every schedule change shares (acceptTrip, applySchedules, stop events, cancellations), inside one transaction. */

export interface StopSequence {
  vehicleId: string;
  /** The vehicle's stops to come, in the order it serves them. A stop it stands at (arrived) may lead or be left out. */
  stops: readonly PlannedStop[];
}

/**
 * Bumps the vehicle's schedule_version and returns the new one. With `expected`, only when the version is still
 * `expected`; otherwise ScheduleConflict (the vehicle row is locked until the transaction ends, so the check holds).
 */
export async function bumpScheduleVersion(client: PoolClient, vehicleId: string, expected: number | null): Promise<number> {
  const { rows } = await client.query<{ schedule_version: number }>(
    `UPDATE vehicles SET schedule_version = schedule_version + 1
     WHERE id = $1 AND ($2::int IS NULL OR schedule_version = $2::int) RETURNING schedule_version`,
    [vehicleId, expected],
  );
  if (rows[0]) return rows[0].schedule_version;
  const actual = await client.query<{ schedule_version: number }>('SELECT schedule_version FROM vehicles WHERE id = $1', [vehicleId]);
  throw new ScheduleConflict(vehicleId, expected ?? -1, actual.rows[0]?.schedule_version ?? null);
}

function invalid(message: string): PersistenceError {
  return new PersistenceError(PersistenceErrorCode.InvalidSchedule, message);
}

/** Pure checks before any SQL: each stop once, a trip's stops on one vehicle, its pickup before its dropoff, times sane. */
export function validateSequences(sequences: readonly StopSequence[]): void {
  const vehicles = new Set<string>();
  const vehicleOfTrip = new Map<string, string>();
  for (const { vehicleId, stops } of sequences) {
    if (vehicles.has(vehicleId)) throw invalid(`Vehicle ${vehicleId} has two new sequences: send one`);
    vehicles.add(vehicleId);
    const seen = new Set<string>();
    for (const stop of stops) {
      const key = `${stop.tripId}/${stop.kind}`;
      if (seen.has(key)) throw invalid(`Stop ${key} appears twice on vehicle ${vehicleId}`);
      seen.add(key);
      // A dropoff without its pickup is fine: the rider is on board.
      if (stop.kind === 'pickup' && seen.has(`${stop.tripId}/dropoff`)) {
        throw invalid(`Trip ${stop.tripId} is dropped off before its pickup on vehicle ${vehicleId}`);
      }
      const other = vehicleOfTrip.get(stop.tripId);
      if (other !== undefined && other !== vehicleId) throw invalid(`Trip ${stop.tripId} has stops on both ${other} and ${vehicleId}`);
      vehicleOfTrip.set(stop.tripId, vehicleId);
      const times = [stop.plannedArrivalS, stop.earliestS, stop.latestS, stop.serviceS];
      if (!times.every(Number.isFinite)) throw invalid(`Stop ${key} has a time that is not a finite number of seconds`);
      if (stop.latestS < stop.earliestS) throw invalid(`Stop ${key} closes (${stop.latestS}) before it opens (${stop.earliestS})`);
    }
  }
}

/** SQLSTATEs of migration 0012's schedule functions. */
const SQLSTATE_SCHEDULE_CONFLICT = 'AS409';
const SQLSTATE_INVALID_SCHEDULE = 'AS422';

/**
 * The error a schedule function of migration 0012 raised, as the PersistenceError the dispatcher acts on (AS409: a
 * ScheduleConflict on `vehicleId`, expected `expected`; AS422: InvalidSchedule with the function's message); any other
 * error as it is.
 */
export function scheduleSqlError(e: unknown, conflictOn?: { vehicleId: string; expected: number | null }): unknown {
  const err = e as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (err === null || typeof err !== 'object') return e;
  if (err.code === SQLSTATE_INVALID_SCHEDULE && typeof err.message === 'string') return invalid(err.message);
  if (err.code === SQLSTATE_SCHEDULE_CONFLICT && conflictOn) {
    const actual = typeof err.detail === 'string' && err.detail !== '' ? Number(err.detail) : null;
    return new ScheduleConflict(conflictOn.vehicleId, conflictOn.expected ?? -1, actual);
  }
  return e;
}

/** The parameters of anystop_write_stop_sequences (after the vehicle ids): one array per column, one entry per stop. */
export function stopSequenceParams(sequences: readonly StopSequence[]): unknown[] {
  const flat = sequences.flatMap(({ vehicleId, stops }) => stops.map((stop, seq) => ({ vehicleId, seq, stop })));
  return [
    flat.map((f) => f.vehicleId),
    flat.map((f) => f.stop.tripId),
    flat.map((f) => f.stop.kind),
    flat.map((f) => f.seq),
    flat.map((f) => f.stop.location[0]),
    flat.map((f) => f.stop.location[1]),
    flat.map((f) => f.stop.plannedArrivalS),
    flat.map((f) => f.stop.earliestS),
    flat.map((f) => f.stop.latestS),
    flat.map((f) => f.stop.serviceS),
  ];
}

/**
 * Makes each vehicle's open stops exactly the given sequence: upserts them (by trip and kind) with seq = position,
 * deletes the vehicle's other planned stops (not those planned on a shift still to come: PlannedShiftRepository's). A
 * stop already served (done or skipped) in a sequence is refused. One statement: anystop_write_stop_sequences
 * (migration 0012), whose delete runs as a data-modifying CTE of the upsert (they touch disjoint rows: keys outside
 * the new sequence, keys inside it).
 */
export async function writeStopSequences(client: PoolClient, sequences: readonly StopSequence[]): Promise<void> {
  try {
    await client.query({
      name: 'anystop_write_stop_sequences',
      text: `SELECT anystop_write_stop_sequences($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[],
        $8::float8[], $9::float8[], $10::float8[], $11::float8[])`,
      values: [sequences.map((s) => s.vehicleId), ...stopSequenceParams(sequences)],
    });
  } catch (e) {
    throw scheduleSqlError(e);
  }
}

/**
 * After a write: every committed trip of these vehicles still has its stops on its own vehicle (a pickup until it is
 * on board, always a dropoff), and every open stop there belongs to a trip of that vehicle. Zero lost trips.
 * One round trip: anystop_assert_schedules_consistent (migration 0012).
 */
export async function assertSchedulesConsistent(client: PoolClient, vehicleIds: readonly string[]): Promise<void> {
  try {
    await client.query({
      name: 'anystop_assert_schedules_consistent',
      text: 'SELECT anystop_assert_schedules_consistent($1::text[], $2::text[])',
      values: [vehicleIds, COMMITTED_TRIP_STATES],
    });
  } catch (e) {
    throw scheduleSqlError(e);
  }
}
