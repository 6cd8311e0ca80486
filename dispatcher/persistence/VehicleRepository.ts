import type { Pool, PoolClient } from 'pg';
import { appendEvents, EventType } from './appendEvents';
import { SHIFT_COLUMNS, type ShiftRow, toShiftRecord, toVehicleRecord, VEHICLE_COLUMNS, type VehicleRow } from './fleetRows';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { LngLat, ShiftRecord, VehicleRecord } from './records';
import { pointParam, timeParam } from './sqlFragments';
import { moveShiftStopsIntoLive } from './PlannedShiftRepository';
import { withTransaction } from './withTransaction';

/** A driver starting up to this long before a planned shift starts that shift (and its pre-booked stops). */
export const ADOPT_PLANNED_SHIFT_EARLY_S = 3600;

export interface VehicleInput {
  id: string;
  name: string;
  seats: number;
  wheelchairPlaces: number;
  depot: LngLat;
  /** Omitted: left as it is (null for a new vehicle); null clears it. */
  plate?: string | null | undefined;
  colour?: string | null | undefined;
}

export interface ActiveVehicle {
  vehicle: VehicleRecord;
  shift: ShiftRecord;
}

/** Vehicles and their shifts. A vehicle drives at most one active shift at a time. */
export class VehicleRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Creates the vehicle or updates its description; its schedule (and schedule version) stays as it is. `by`, an
   * operator's edit, is logged in the same transaction as an operator_action with the description written.
   */
  async upsert(vehicle: VehicleInput, atS: number, by?: string): Promise<VehicleRecord> {
    return withTransaction(this.pool, async (client) => {
      const record = await this.write(client, vehicle, atS);
      if (by !== undefined) {
        const { id, name, seats, wheelchairPlaces, depot, plate, colour } = record;
        await appendEvents(client, atS, [{ type: EventType.OperatorAction, vehicleId: id, payload: { action: 'edit_vehicle', by, vehicle: { name, seats, wheelchairPlaces, depot: [depot[0], depot[1]], plate, colour } } }]);
      }
      return record;
    });
  }

  private async write(db: PoolClient, vehicle: VehicleInput, atS: number): Promise<VehicleRecord> {
    const { rows } = await db.query<VehicleRow>(
      `INSERT INTO vehicles (id, name, seats, wheelchair_places, depot, plate, colour, created_at, updated_at)
       VALUES ($1, $2, $3, $4, ${pointParam(5)}, $7, $9, ${timeParam(6)}, ${timeParam(6)})
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, seats = EXCLUDED.seats,
         wheelchair_places = EXCLUDED.wheelchair_places, depot = EXCLUDED.depot, updated_at = EXCLUDED.updated_at,
         plate = CASE WHEN $8 THEN EXCLUDED.plate ELSE vehicles.plate END,
         colour = CASE WHEN $10 THEN EXCLUDED.colour ELSE vehicles.colour END
       RETURNING ${VEHICLE_COLUMNS}`,
      [
        vehicle.id, vehicle.name, vehicle.seats, vehicle.wheelchairPlaces, [vehicle.depot[0], vehicle.depot[1]], atS,
        vehicle.plate ?? null, vehicle.plate !== undefined, vehicle.colour ?? null, vehicle.colour !== undefined,
      ],
    );
    return toVehicleRecord(rows[0]!);
  }

  async get(id: string): Promise<VehicleRecord | null> {
    const { rows } = await this.pool.query<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM vehicles WHERE id = $1`, [id]);
    return rows[0] ? toVehicleRecord(rows[0]) : null;
  }

  /** A shift for later; startShift({ shiftId }) starts it. */
  async planShift(shift: { vehicleId: string; startsAtS: number; endsAtS: number }): Promise<ShiftRecord> {
    await this.requireVehicle(this.pool, shift.vehicleId);
    const { rows } = await this.pool.query<ShiftRow>(
      `INSERT INTO shifts (vehicle_id, starts_at, ends_at, state) VALUES ($1, ${timeParam(2)}, ${timeParam(3)}, 'planned')
       RETURNING ${SHIFT_COLUMNS}`,
      [shift.vehicleId, shift.startsAtS, shift.endsAtS],
    );
    return toShiftRecord(rows[0]!);
  }

  /**
   * Starts the vehicle's shift at atS: the planned shift `shiftId`, else the planned shift due about now (starting
   * within ADOPT_PLANNED_SHIFT_EARLY_S, not yet over), else a new one ending at endsAtS.
   * ShiftStateConflict when the vehicle already drives one.
   */
  async startShift(start: { vehicleId: string; atS: number; endsAtS: number; shiftId?: number; by?: string }): Promise<ShiftRecord> {
    return withTransaction(this.pool, async (client) => {
      await this.requireVehicle(client, start.vehicleId, true);
      const running = await client.query('SELECT 1 FROM shifts WHERE vehicle_id = $1 AND state = $2', [start.vehicleId, 'active']);
      if (running.rowCount) {
        throw new PersistenceError(PersistenceErrorCode.ShiftStateConflict, `Vehicle ${start.vehicleId} already drives a shift: end it first`);
      }
      // A shift planned to start about now is the one the driver starts (its pre-booked stops come with it).
      const planned = start.shiftId ?? (await client.query<{ id: number }>(
        `SELECT id FROM shifts WHERE vehicle_id = $1 AND state = 'planned' AND starts_at <= ${timeParam(2)} + make_interval(secs => $3) AND ends_at > ${timeParam(2)}
         ORDER BY starts_at LIMIT 1`,
        [start.vehicleId, start.atS, ADOPT_PLANNED_SHIFT_EARLY_S],
      )).rows[0]?.id;
      const { rows } =
        planned === undefined
          ? await client.query<ShiftRow>(
              `INSERT INTO shifts (vehicle_id, starts_at, ends_at, state, started_at)
               VALUES ($1, ${timeParam(2)}, ${timeParam(3)}, 'active', ${timeParam(2)}) RETURNING ${SHIFT_COLUMNS}`,
              [start.vehicleId, start.atS, start.endsAtS],
            )
          : await client.query<ShiftRow>(
              // It runs at least as long as planned: the pre-booked promises were made up to its planned end.
              `UPDATE shifts SET state = 'active', started_at = ${timeParam(3)}, ends_at = greatest(ends_at, ${timeParam(4)})
               WHERE id = $1 AND vehicle_id = $2 AND state = 'planned' RETURNING ${SHIFT_COLUMNS}`,
              [planned, start.vehicleId, start.atS, start.endsAtS],
            );
      const shift = rows[0];
      if (!shift) {
        throw new PersistenceError(PersistenceErrorCode.ShiftStateConflict, `Vehicle ${start.vehicleId} has no planned shift ${start.shiftId}`);
      }
      if (planned !== undefined) await moveShiftStopsIntoLive(client, start.vehicleId, shift.id);
      await appendEvents(client, start.atS, [
        { type: EventType.ShiftStarted, vehicleId: start.vehicleId, payload: { shiftId: shift.id } },
        ...(start.by !== undefined ? [{ type: EventType.OperatorAction, vehicleId: start.vehicleId, payload: { action: 'start_shift', by: start.by, shiftId: shift.id } }] : []),
      ]);
      return toShiftRecord(shift);
    });
  }

  /** Ends the vehicle's active shift at atS. Its remaining stops stay: the dispatcher decides what happens to them. */
  async endShift(vehicleId: string, atS: number, by?: string): Promise<ShiftRecord> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<ShiftRow>(
        `UPDATE shifts SET state = 'ended', ended_at = ${timeParam(2)} WHERE vehicle_id = $1 AND state = 'active' RETURNING ${SHIFT_COLUMNS}`,
        [vehicleId, atS],
      );
      const shift = rows[0];
      if (!shift) throw new PersistenceError(PersistenceErrorCode.ShiftStateConflict, `Vehicle ${vehicleId} has no active shift to end`);
      await appendEvents(client, atS, [
        { type: EventType.ShiftEnded, vehicleId, payload: { shiftId: shift.id } },
        ...(by !== undefined ? [{ type: EventType.OperatorAction, vehicleId, payload: { action: 'end_shift', by, shiftId: shift.id } }] : []),
      ]);
      return toShiftRecord(shift);
    });
  }

  /** Vehicles driving a shift now, by id. */
  async listActive(): Promise<ActiveVehicle[]> {
    const { rows } = await this.pool.query<VehicleRow & { shift: ShiftRow }>(
      `SELECT v.*, row_to_json(s.*) AS shift
       FROM (SELECT ${VEHICLE_COLUMNS} FROM vehicles) AS v
       JOIN (SELECT ${SHIFT_COLUMNS} FROM shifts WHERE state = 'active') AS s ON s.vehicle_id = v.id
       ORDER BY v.id`,
    );
    return rows.map((row) => ({ vehicle: toVehicleRecord(row), shift: toShiftRecord(row.shift) }));
  }

  private async requireVehicle(db: Pool | PoolClient, vehicleId: string, lock = false): Promise<void> {
    const { rowCount } = await db.query(`SELECT 1 FROM vehicles WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [vehicleId]);
    if (!rowCount) throw new PersistenceError(PersistenceErrorCode.VehicleNotFound, `No vehicle ${vehicleId}: upsert it first`);
  }
}
