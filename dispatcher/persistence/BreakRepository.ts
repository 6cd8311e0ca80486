import type { Pool } from 'pg';
import { appendEvents, EventType } from './appendEvents';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { NewEvent, PlannedStop } from './records';
import { assertSchedulesConsistent, bumpScheduleVersion, writeStopSequences } from './scheduleWrites';
import { epochColumn, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

export interface BreakRecord {
  id: number;
  vehicleId: string;
  startsAtS: number;
  endsAtS: number;
  createdBy: string;
  createdAtS: number;
}

export interface AddBreakInput {
  vehicleId: string;
  startsAtS: number;
  endsAtS: number;
  /** Who scheduled it (`operator:<subject>`). */
  by: string;
  atS: number;
  /** The vehicle's stops re-timed around the break, when it is on shift: written with a version check. */
  schedule?: { expectedVersion: number; stops: readonly PlannedStop[] };
  /** Appended after the break is stored (the `operator_action`). */
  events: readonly NewEvent[];
}

interface BreakRow {
  id: number;
  vehicle_id: string;
  starts_at_s: number;
  ends_at_s: number;
  created_by: string;
  created_at_s: number;
}

const BREAK_COLUMNS = `id, vehicle_id, ${epochColumn('starts_at')} AS starts_at_s, ${epochColumn('ends_at')} AS ends_at_s, created_by,
  ${epochColumn('created_at')} AS created_at_s`;

const toBreakRecord = (r: BreakRow): BreakRecord => ({ id: r.id, vehicleId: r.vehicle_id, startsAtS: r.starts_at_s, endsAtS: r.ends_at_s, createdBy: r.created_by, createdAtS: r.created_at_s });

/** Drivers' break windows: the vehicle neither drives nor serves a stop inside one. */
export class BreakRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * In one transaction: the vehicle row is locked, the break checked against the vehicle's other breaks (BreakOverlaps),
   * stored, the re-timed schedule written (ScheduleConflict when the version moved), and the events appended.
   */
  async add(input: AddBreakInput): Promise<{ breakWindow: BreakRecord; scheduleVersion: number | null }> {
    return withTransaction(this.pool, async (client) => {
      const vehicle = await client.query('SELECT 1 FROM vehicles WHERE id = $1 FOR UPDATE', [input.vehicleId]);
      if (!vehicle.rowCount) throw new PersistenceError(PersistenceErrorCode.VehicleNotFound, `No vehicle ${input.vehicleId}`);
      const clash = await client.query<BreakRow>(
        `SELECT ${BREAK_COLUMNS} FROM vehicle_breaks WHERE vehicle_id = $1 AND starts_at < ${timeParam(3)} AND ends_at > ${timeParam(2)} LIMIT 1`,
        [input.vehicleId, input.startsAtS, input.endsAtS],
      );
      if (clash.rows[0]) {
        const c = toBreakRecord(clash.rows[0]);
        throw new PersistenceError(PersistenceErrorCode.BreakOverlaps, `Vehicle ${input.vehicleId} already has a break from ${c.startsAtS} to ${c.endsAtS} (break ${c.id}); choose a time that does not overlap it`);
      }
      const { rows } = await client.query<BreakRow>(
        `INSERT INTO vehicle_breaks (vehicle_id, starts_at, ends_at, created_by, created_at)
         VALUES ($1, ${timeParam(2)}, ${timeParam(3)}, $4, ${timeParam(5)}) RETURNING ${BREAK_COLUMNS}`,
        [input.vehicleId, input.startsAtS, input.endsAtS, input.by, input.atS],
      );
      let scheduleVersion: number | null = null;
      if (input.schedule) {
        scheduleVersion = await bumpScheduleVersion(client, input.vehicleId, input.schedule.expectedVersion);
        await writeStopSequences(client, [{ vehicleId: input.vehicleId, stops: input.schedule.stops }]);
        await assertSchedulesConsistent(client, [input.vehicleId]);
      }
      const breakWindow = toBreakRecord(rows[0]!);
      await appendEvents(client, input.atS, [
        ...(scheduleVersion !== null ? [{ type: EventType.ScheduleChanged, vehicleId: input.vehicleId, payload: { scheduleVersion, reason: 'break_added' } }] : []),
        ...input.events.map((e) => ({ ...e, vehicleId: input.vehicleId, payload: { ...e.payload, breakId: breakWindow.id } })),
      ]);
      return { breakWindow, scheduleVersion };
    });
  }

  /** Breaks of these vehicles that end after `afterS`, by vehicle and start. */
  async listEndingAfter(vehicleIds: readonly string[], afterS: number): Promise<BreakRecord[]> {
    const { rows } = await this.pool.query<BreakRow>(
      `SELECT ${BREAK_COLUMNS} FROM vehicle_breaks WHERE vehicle_id = ANY($1::text[]) AND ends_at > ${timeParam(2)} ORDER BY vehicle_id, starts_at`,
      [[...vehicleIds], afterS],
    );
    return rows.map(toBreakRecord);
  }
}
