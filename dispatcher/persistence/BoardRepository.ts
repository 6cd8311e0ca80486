import type { Pool } from 'pg';
import { toVehicleRecord, VEHICLE_COLUMNS, type VehicleRow } from './fleetRows';
import type { TripRecord, VehicleRecord } from './records';
import { timeParam } from './sqlFragments';
import { TRIP_COLUMNS, type TripRow, toTripRecord } from './tripRows';

/** Open trips listed on the board at most (the most urgent are shown first; the rest wait for a trip to close). */
export const MAX_BOARD_TRIPS = 2000;

/** What the operator's live board reads: the open trips, every vehicle, and the trips the log recently flagged at risk. */
export class BoardRepository {
  constructor(private readonly pool: Pool) {}

  /** Trips not yet finished, soonest pickup first. */
  async openTrips(limit: number = MAX_BOARD_TRIPS): Promise<TripRecord[]> {
    const { rows } = await this.pool.query<TripRow>(
      `SELECT ${TRIP_COLUMNS} FROM trips WHERE state IN ('requested', 'offered', 'accepted', 'assigned', 'arriving', 'on_board')
       ORDER BY requested_pickup_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(toTripRecord);
  }

  async vehicles(): Promise<VehicleRecord[]> {
    const { rows } = await this.pool.query<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM vehicles ORDER BY id`);
    return rows.map(toVehicleRecord);
  }

  /** Trips with a promise_at_risk event since `sinceS`. */
  async flaggedAtRisk(sinceS: number): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ trip_id: string }>(
      `SELECT DISTINCT trip_id FROM events WHERE type = 'promise_at_risk' AND trip_id IS NOT NULL AND at >= ${timeParam(1)}`,
      [sinceS],
    );
    return new Set(rows.map((r) => r.trip_id));
  }
}
