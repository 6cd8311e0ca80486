import type { Pool, PoolClient } from 'pg';
import { appendEvents, EventType } from './appendEvents';
import { SHIFT_COLUMNS, type ShiftRow, toShiftRecord, toVehicleRecord, VEHICLE_COLUMNS, type VehicleRow } from './fleetRows';
import { PersistenceError, PersistenceErrorCode, ScheduleConflict } from './PersistenceError';
import type { NewTrip, PlannedStop, ShiftRecord, TripPromise, TripRecord, VehicleRecord } from './records';
import { acceptTripRow } from './ScheduleRepository';
import { validateSequences } from './scheduleWrites';
import { STOP_COLUMNS, type StopRow, toStopRecord } from './stopRows';
import { TRIP_COLUMNS, type TripRow, toTripRecord } from './tripRows';
import type { ScheduledStop } from './loadDispatchState';
import { withTransaction } from './withTransaction';

/** Stops planned on a shift still to come are numbered from here, apart from the live sequence's 0, 1, 2... */
export const PLANNED_SHIFT_SEQ_BASE = 100_000;

/** A shift an operator planned ahead, its vehicle, and the pre-booked stops already planned on it (in order). */
export interface PlannedShift {
  shift: ShiftRecord;
  vehicle: VehicleRecord;
  stops: ScheduledStop[];
}

export interface AcceptOnShiftInput {
  trip: NewTrip;
  promise: TripPromise;
  shiftId: number;
  vehicleId: string;
  /** The shift's stops (trip/kind) the plan was made on, in order: a shift changed meanwhile is a ScheduleConflict. */
  expectedStops: readonly string[];
  /** The shift's whole new sequence, this trip's pickup and drop-off included. */
  stops: readonly PlannedStop[];
  atS: number;
  /** Who accepted for the rider (an operator), when not the rider. */
  acceptedBy?: string;
}

const keyOf = (s: { tripId: string; kind: string }) => `${s.tripId}/${s.kind}`;

/**
 * Pre-booked trips on shifts that have not started: a planned shift is a route of its own (from the depot at the
 * shift's start, back by its end). Its stops sit in `stops` with the shift's id, outside the vehicle's live sequence,
 * until the shift starts (VehicleRepository.startShift moves them in). The trips are accepted with their promise.
 */
export class PlannedShiftRepository {
  constructor(private readonly pool: Pool) {}

  /** Planned shifts overlapping [fromS, toS], earliest first, with their vehicles and stops. */
  async covering(fromS: number, toS: number): Promise<PlannedShift[]> {
    const { rows: shifts } = await this.pool.query<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE state = 'planned' AND starts_at <= to_timestamp($2::float8) AND ends_at >= to_timestamp($1::float8) ORDER BY starts_at, id`,
      [fromS, toS],
    );
    if (shifts.length === 0) return [];
    return this.withStops(shifts);
  }

  /** The planned shifts of one vehicle from `fromS` on. */
  async ofVehicle(vehicleId: string, fromS: number): Promise<PlannedShift[]> {
    const { rows } = await this.pool.query<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE vehicle_id = $1 AND state = 'planned' AND ends_at >= to_timestamp($2::float8) ORDER BY starts_at, id`,
      [vehicleId, fromS],
    );
    return rows.length === 0 ? [] : this.withStops(rows);
  }

  /** True when another planned or active shift of the vehicle overlaps [startsAtS, endsAtS]. */
  async overlaps(vehicleId: string, startsAtS: number, endsAtS: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM shifts WHERE vehicle_id = $1 AND state IN ('planned', 'active') AND starts_at < to_timestamp($3::float8) AND ends_at > to_timestamp($2::float8)`,
      [vehicleId, startsAtS, endsAtS],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * In one transaction: the trip accepted with its promise on the shift's vehicle, the shift's stops become `stops`,
   * trip_accepted appended. ScheduleConflict when the shift started or its stops changed since the plan.
   */
  async acceptOnShift(input: AcceptOnShiftInput): Promise<TripRecord> {
    validateSequences([{ vehicleId: input.vehicleId, stops: input.stops }]);
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ state: string }>('SELECT state FROM shifts WHERE id = $1 AND vehicle_id = $2 FOR UPDATE', [input.shiftId, input.vehicleId]);
      if (rows[0]?.state !== 'planned') throw new ScheduleConflict(input.vehicleId, -1, null);
      const current = await c.query<{ trip_id: string; kind: string }>(`SELECT trip_id, kind FROM stops WHERE shift_id = $1 AND state = 'planned' ORDER BY seq, id`, [input.shiftId]);
      const now = current.rows.map((r) => `${r.trip_id}/${r.kind}`);
      if (now.join(',') !== input.expectedStops.join(',')) throw new ScheduleConflict(input.vehicleId, -1, null);
      const trip = await acceptTripRow(c, input.trip, input.promise, input.vehicleId, input.atS, input.acceptedBy);
      await writeShiftStops(c, input);
      const events = [{ type: EventType.TripAccepted, tripId: trip.id, vehicleId: input.vehicleId, payload: { promise: { ...input.promise }, shiftId: input.shiftId } }];
      await appendEvents(c, input.atS, events);
      return trip;
    });
  }

  private async withStops(shiftRows: ShiftRow[]): Promise<PlannedShift[]> {
    const shifts = shiftRows.map(toShiftRecord);
    const ids = shifts.map((s) => s.id);
    const [vehicles, stops, trips] = await Promise.all([
      this.pool.query<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM vehicles WHERE id = ANY($1::text[])`, [[...new Set(shifts.map((s) => s.vehicleId))]]),
      this.pool.query<StopRow & { shift_id: number }>(`SELECT ${STOP_COLUMNS}, shift_id FROM stops WHERE shift_id = ANY($1::int[]) AND state = 'planned' ORDER BY seq, id`, [ids]),
      this.pool.query<TripRow>(`SELECT ${TRIP_COLUMNS} FROM trips WHERE id IN (SELECT trip_id FROM stops WHERE shift_id = ANY($1::int[]) AND state = 'planned')`, [ids]),
    ]);
    const vehicleById = new Map(vehicles.rows.map((v) => [v.id, toVehicleRecord(v)]));
    const tripById = new Map(trips.rows.map((t) => [t.id, toTripRecord(t)]));
    return shifts.map((shift) => ({
      shift,
      vehicle: vehicleById.get(shift.vehicleId)!,
      stops: stops.rows.filter((s) => s.shift_id === shift.id).map((s) => ({ stop: toStopRecord(s), trip: tripById.get(s.trip_id)! })),
    }));
  }
}

/** The shift's planned stops become exactly `stops` (numbered from PLANNED_SHIFT_SEQ_BASE). */
async function writeShiftStops(c: PoolClient, input: AcceptOnShiftInput): Promise<void> {
  const keep = input.stops.map(keyOf);
  await c.query(`DELETE FROM stops s WHERE s.shift_id = $1 AND s.state = 'planned' AND NOT ((s.trip_id || '/' || s.kind) = ANY($2::text[]))`, [input.shiftId, keep]);
  for (const [i, s] of input.stops.entries()) {
    const { rowCount } = await c.query(
      `INSERT INTO stops (vehicle_id, trip_id, kind, seq, location, planned_arrival_at, earliest_at, latest_at, service_s, shift_id)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)::geography, to_timestamp($7::float8), to_timestamp($8::float8), to_timestamp($9::float8), $10, $11)
       ON CONFLICT (trip_id, kind) DO UPDATE SET seq = EXCLUDED.seq, planned_arrival_at = EXCLUDED.planned_arrival_at, earliest_at = EXCLUDED.earliest_at,
         latest_at = EXCLUDED.latest_at WHERE stops.shift_id = EXCLUDED.shift_id AND stops.state = 'planned'`,
      [input.vehicleId, s.tripId, s.kind, PLANNED_SHIFT_SEQ_BASE + i, s.location[0], s.location[1], s.plannedArrivalS, s.earliestS, s.latestS, s.serviceS, input.shiftId],
    );
    if (rowCount !== 1) throw new PersistenceError(PersistenceErrorCode.InvalidSchedule, `Stop ${keyOf(s)} is not on planned shift ${input.shiftId}: plan from the shift's current stops`);
  }
}

/**
 * Inside startShift's transaction: the stops planned on this shift join the vehicle's live sequence after its own
 * open stops, and its schedule version moves on (the dispatcher reads the vehicle back).
 */
export async function moveShiftStopsIntoLive(c: PoolClient, vehicleId: string, shiftId: number): Promise<number> {
  const { rowCount } = await c.query(
    `UPDATE stops SET shift_id = NULL,
       seq = seq - ${PLANNED_SHIFT_SEQ_BASE} + (SELECT coalesce(max(seq) + 1, 0) FROM stops WHERE vehicle_id = $1 AND shift_id IS NULL AND state IN ('planned', 'arrived'))
     WHERE shift_id = $2 AND state = 'planned'`,
    [vehicleId, shiftId],
  );
  if (rowCount) await c.query('UPDATE vehicles SET schedule_version = schedule_version + 1 WHERE id = $1', [vehicleId]);
  return rowCount ?? 0;
}
