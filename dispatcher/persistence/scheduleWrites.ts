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

/**
 * Makes each vehicle's open stops exactly the given sequence: upserts them (by trip and kind) with seq = position,
 * deletes the vehicle's other planned stops (not those planned on a shift still to come: PlannedShiftRepository's). A stop already served (done or skipped) in a sequence is refused.
 * One statement: the delete runs as a data-modifying CTE of the upsert (they touch disjoint rows: keys outside the
 * new sequence, keys inside it).
 */
export async function writeStopSequences(client: PoolClient, sequences: readonly StopSequence[]): Promise<void> {
  const flat = sequences.flatMap(({ vehicleId, stops }) => stops.map((stop, seq) => ({ vehicleId, seq, stop })));
  const vehicleIds = sequences.map((s) => s.vehicleId);
  if (flat.length === 0) {
    await client.query(`DELETE FROM stops s WHERE s.vehicle_id = ANY($1::text[]) AND s.state = 'planned' AND s.shift_id IS NULL`, [vehicleIds]);
    return;
  }
  const { rows } = await client.query<{ trip_id: string; kind: string }>(
    `WITH others_deleted AS (
       DELETE FROM stops s WHERE s.vehicle_id = ANY($11::text[]) AND s.state = 'planned' AND s.shift_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS k(trip_id, kind) WHERE k.trip_id = s.trip_id AND k.kind = s.kind))
     INSERT INTO stops (vehicle_id, trip_id, kind, seq, location, planned_arrival_at, earliest_at, latest_at, service_s)
     SELECT x.vehicle_id, x.trip_id, x.kind, x.seq, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)::geography,
       to_timestamp(x.planned), to_timestamp(x.earliest), to_timestamp(x.latest), x.service
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
       AS x(vehicle_id, trip_id, kind, seq, lon, lat, planned, earliest, latest, service)
     ON CONFLICT (trip_id, kind) DO UPDATE SET vehicle_id = EXCLUDED.vehicle_id, seq = EXCLUDED.seq, location = EXCLUDED.location,
       planned_arrival_at = EXCLUDED.planned_arrival_at, earliest_at = EXCLUDED.earliest_at, latest_at = EXCLUDED.latest_at,
       service_s = EXCLUDED.service_s, shift_id = NULL
       WHERE stops.state IN ('planned', 'arrived')
     RETURNING trip_id, kind`,
    [
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
      vehicleIds,
    ],
  );
  if (rows.length !== flat.length) {
    const written = new Set(rows.map((r) => `${r.trip_id}/${r.kind}`));
    const served = flat.find((f) => !written.has(`${f.stop.tripId}/${f.stop.kind}`));
    throw invalid(`Stop ${served?.stop.tripId}/${served?.stop.kind} was already served or skipped: plan from the current schedule`);
  }
}

/**
 * After a write: every committed trip of these vehicles still has its stops on its own vehicle (a pickup until it is
 * on board, always a dropoff), and every open stop there belongs to a trip of that vehicle. Zero lost trips.
 * Both checks in one round trip.
 */
export async function assertSchedulesConsistent(client: PoolClient, vehicleIds: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ stray_trip: string | null; stray_kind: string | null; stray_vehicle: string | null; lost_id: string | null; lost_state: string | null }>(
    `SELECT stray.trip_id AS stray_trip, stray.kind AS stray_kind, stray.vehicle_id AS stray_vehicle, lost.id AS lost_id, lost.state AS lost_state
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT s.trip_id, s.kind, s.vehicle_id FROM stops s JOIN trips t ON t.id = s.trip_id
       WHERE s.vehicle_id = ANY($1::text[]) AND s.state IN ('planned', 'arrived')
         AND (t.vehicle_id IS DISTINCT FROM s.vehicle_id OR NOT (t.state = ANY($2::text[])))
       LIMIT 1) AS stray ON true
     LEFT JOIN LATERAL (
       SELECT t.id, t.state FROM trips t
       WHERE t.vehicle_id = ANY($1::text[]) AND t.state = ANY($2::text[])
         AND (NOT EXISTS (SELECT 1 FROM stops s WHERE s.trip_id = t.id AND s.kind = 'dropoff'
                            AND s.vehicle_id = t.vehicle_id AND s.state IN ('planned', 'arrived'))
           OR (t.state <> 'on_board' AND NOT EXISTS (SELECT 1 FROM stops s WHERE s.trip_id = t.id AND s.kind = 'pickup'
                            AND s.vehicle_id = t.vehicle_id AND s.state IN ('planned', 'arrived'))))
       LIMIT 1) AS lost ON true`,
    [vehicleIds, COMMITTED_TRIP_STATES],
  );
  const r = rows[0];
  if (r?.stray_trip) throw invalid(`Stop ${r.stray_trip}/${r.stray_kind} on vehicle ${r.stray_vehicle} belongs to a trip that is not committed to that vehicle`);
  if (r?.lost_id) throw invalid(`Trip ${r.lost_id} (${r.lost_state}) would lose its stops: every accepted trip keeps its pickup and dropoff`);
}
