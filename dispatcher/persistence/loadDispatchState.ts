import type { Pool } from 'pg';
import {
  POSITION_COLUMNS, type PositionRow, SHIFT_COLUMNS, type ShiftRow, toPositionRecord, toShiftRecord, toVehicleRecord,
  VEHICLE_COLUMNS, type VehicleRow,
} from './fleetRows';
import { OPEN_TRIP_STATES, type PositionRecord, type ShiftRecord, type StopRecord, type TripRecord, type VehicleRecord } from './records';
import { OPEN_STOP_ORDER, STOP_COLUMNS, type StopRow, toStopRecord } from './stopRows';
import { TRIP_COLUMNS, type TripRow, toTripRecord } from './tripRows';
import { epochColumn } from './sqlFragments';
import { withTransaction } from './withTransaction';

export interface ScheduledStop {
  stop: StopRecord;
  trip: TripRecord;
}

export interface VehicleState {
  /** Includes scheduleVersion: plan on it, pass it back as the expected version. */
  vehicle: VehicleRecord;
  /** null for a vehicle off shift that still has stops (a shift ended early, a pre-booked trip). */
  shift: ShiftRecord | null;
  lastPosition: PositionRecord | null;
  /** Open stops in service order: the one it stands at (arrived) first, then the planned ones (not those of a shift still to come). */
  stops: ScheduledStop[];
  /** Driver breaks of the active shift (ending after it started) and later, by start. */
  breaks: { startS: number; endS: number }[];
}

/** Everything the dispatcher rebuilds its in-memory state from, read from one snapshot. */
export interface DispatchState {
  /** Vehicles on an active shift or with open stops, by id. */
  vehicles: VehicleState[];
  /** Trips in an open state (requested to on_board), by creation. */
  openTrips: TripRecord[];
  /** The newest event in this snapshot: subscribe to events after it and nothing is missed or seen twice. */
  lastEventSeq: number;
}

/**
 * Reads the dispatch state in one REPEATABLE READ transaction, so vehicles, stops, trips and the event seq agree.
 * With `vehicleIds`, only those vehicles (when on shift or holding open stops) and the trips on their stops: the read
 * back of a few vehicles after a conflict costs their rows, not the fleet's.
 */
export async function loadDispatchState(pool: Pool, vehicleIds?: readonly string[]): Promise<DispatchState> {
  const only = vehicleIds ? [...vehicleIds] : null;
  return withTransaction(
    pool,
    async (client) => {
      const vehicles = await client.query<VehicleRow>(
        `SELECT ${VEHICLE_COLUMNS} FROM vehicles v
         WHERE (EXISTS (SELECT 1 FROM shifts s WHERE s.vehicle_id = v.id AND s.state = 'active')
            OR EXISTS (SELECT 1 FROM stops s WHERE s.vehicle_id = v.id AND s.state IN ('planned', 'arrived') AND s.shift_id IS NULL))
           AND ($1::text[] IS NULL OR v.id = ANY($1::text[]))
         ORDER BY id`,
        [only],
      );
      const ids = vehicles.rows.map((v) => v.id);
      const shifts = await client.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE state = 'active' AND vehicle_id = ANY($1::text[])`, [ids]);
      const positions = await client.query<PositionRow>(`SELECT ${POSITION_COLUMNS} FROM vehicle_last_position WHERE vehicle_id = ANY($1::text[])`, [ids]);
      const stops = await client.query<StopRow>(
        `SELECT ${STOP_COLUMNS} FROM stops WHERE state IN ('planned', 'arrived') AND shift_id IS NULL AND ($1::text[] IS NULL OR vehicle_id = ANY($1::text[]))
         ORDER BY vehicle_id, ${OPEN_STOP_ORDER}`,
        [only],
      );
      const trips = await client.query<TripRow>(
        `SELECT ${TRIP_COLUMNS} FROM trips
         WHERE ($2::text[] IS NULL AND state = ANY($1::text[]))
            OR id IN (SELECT trip_id FROM stops WHERE state IN ('planned', 'arrived') AND shift_id IS NULL AND ($2::text[] IS NULL OR vehicle_id = ANY($2::text[])))
         ORDER BY created_at, id`,
        [OPEN_TRIP_STATES, only],
      );
      const breaks = await client.query<{ vehicle_id: string; start_s: number; end_s: number }>(
        `SELECT b.vehicle_id, ${epochColumn('b.starts_at')} AS start_s, ${epochColumn('b.ends_at')} AS end_s
         FROM vehicle_breaks b JOIN shifts s ON s.vehicle_id = b.vehicle_id AND s.state = 'active'
         WHERE b.vehicle_id = ANY($1::text[]) AND b.ends_at > s.started_at
         ORDER BY b.vehicle_id, b.starts_at`,
        [ids],
      );
      const seq = await client.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events');

      const allTrips = trips.rows.map(toTripRecord);
      const tripById = new Map(allTrips.map((t) => [t.id, t]));
      const shiftByVehicle = new Map(shifts.rows.map((s) => [s.vehicle_id, toShiftRecord(s)]));
      const positionByVehicle = new Map(positions.rows.map((p) => [p.vehicle_id, toPositionRecord(p)]));
      const breaksByVehicle = new Map<string, { startS: number; endS: number }[]>();
      for (const b of breaks.rows) breaksByVehicle.set(b.vehicle_id, [...(breaksByVehicle.get(b.vehicle_id) ?? []), { startS: b.start_s, endS: b.end_s }]);
      const stopsByVehicle = new Map<string, ScheduledStop[]>();
      for (const row of stops.rows) {
        const list = stopsByVehicle.get(row.vehicle_id) ?? [];
        list.push({ stop: toStopRecord(row), trip: tripById.get(row.trip_id)! });
        stopsByVehicle.set(row.vehicle_id, list);
      }
      return {
        vehicles: vehicles.rows.map((row) => ({
          vehicle: toVehicleRecord(row),
          shift: shiftByVehicle.get(row.id) ?? null,
          lastPosition: positionByVehicle.get(row.id) ?? null,
          stops: stopsByVehicle.get(row.id) ?? [],
          breaks: breaksByVehicle.get(row.id) ?? [],
        })),
        openTrips: allTrips.filter((t) => (OPEN_TRIP_STATES as readonly string[]).includes(t.state)),
        lastEventSeq: Number(seq.rows[0]?.seq ?? 0),
      };
    },
    { isolation: 'REPEATABLE READ', readOnly: true },
  );
}
