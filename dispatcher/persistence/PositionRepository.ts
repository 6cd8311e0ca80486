import type { Pool } from 'pg';
import { POSITION_COLUMNS, type PositionRow, toPositionRecord } from './fleetRows';
import type { PositionRecord } from './records';
import { pointParam, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

/** Vehicle positions: the latest per vehicle (one upserted row) plus the append-only history. No events: too chatty. */
export class PositionRepository {
  constructor(private readonly pool: Pool) {}

  /** Appends to the history; the latest row moves only forward in time (a late, older report stays in history only). */
  async record(position: PositionRecord): Promise<void> {
    const params = [position.vehicleId, position.atS, [position.location[0], position.location[1]], position.headingDeg, position.speedMps];
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO vehicle_position_history (vehicle_id, at, location, heading_deg, speed_mps)
         VALUES ($1, ${timeParam(2)}, ${pointParam(3)}, $4, $5)`,
        params,
      );
      await client.query(
        `INSERT INTO vehicle_last_position (vehicle_id, at, location, heading_deg, speed_mps)
         VALUES ($1, ${timeParam(2)}, ${pointParam(3)}, $4, $5)
         ON CONFLICT (vehicle_id) DO UPDATE
           SET at = EXCLUDED.at, location = EXCLUDED.location, heading_deg = EXCLUDED.heading_deg, speed_mps = EXCLUDED.speed_mps
           WHERE vehicle_last_position.at <= EXCLUDED.at`,
        params,
      );
    });
  }

  /**
   * Many positions in one transaction (two statements whatever the count): how a busy fleet's 1 Hz GPS is
   * written. The latest position per vehicle wins in vehicle_last_position.
   */
  async recordMany(positions: readonly PositionRecord[]): Promise<void> {
    if (positions.length === 0) return;
    const ids = positions.map((p) => p.vehicleId);
    const ats = positions.map((p) => p.atS);
    const lons = positions.map((p) => p.location[0]);
    const lats = positions.map((p) => p.location[1]);
    const headings = positions.map((p) => p.headingDeg);
    const speeds = positions.map((p) => p.speedMps);
    const params = [ids, ats, lons, lats, headings, speeds];
    const rows = `unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[]) AS p(vehicle_id, at, lon, lat, heading, speed)`;
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO vehicle_position_history (vehicle_id, at, location, heading_deg, speed_mps)
         SELECT vehicle_id, to_timestamp(at), ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, heading, speed FROM ${rows}`,
        params,
      );
      await client.query(
        `INSERT INTO vehicle_last_position (vehicle_id, at, location, heading_deg, speed_mps)
         SELECT DISTINCT ON (vehicle_id) vehicle_id, to_timestamp(at), ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, heading, speed
         FROM ${rows} ORDER BY vehicle_id, at DESC
         ON CONFLICT (vehicle_id) DO UPDATE
           SET at = EXCLUDED.at, location = EXCLUDED.location, heading_deg = EXCLUDED.heading_deg, speed_mps = EXCLUDED.speed_mps
           WHERE vehicle_last_position.at <= EXCLUDED.at`,
        params,
      );
    });
  }

  async latest(vehicleId: string): Promise<PositionRecord | null> {
    const { rows } = await this.pool.query<PositionRow>(`SELECT ${POSITION_COLUMNS} FROM vehicle_last_position WHERE vehicle_id = $1`, [vehicleId]);
    return rows[0] ? toPositionRecord(rows[0]) : null;
  }

  /** The history of one vehicle in [fromS, toS], oldest first. */
  async history(vehicleId: string, fromS: number, toS: number): Promise<PositionRecord[]> {
    const { rows } = await this.pool.query<PositionRow>(
      `SELECT ${POSITION_COLUMNS} FROM vehicle_position_history
       WHERE vehicle_id = $1 AND at BETWEEN ${timeParam(2)} AND ${timeParam(3)} ORDER BY at, id`,
      [vehicleId, fromS, toS],
    );
    return rows.map(toPositionRecord);
  }
}
