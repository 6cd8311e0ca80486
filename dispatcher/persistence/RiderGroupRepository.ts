import type { Pool } from 'pg';
import { timeParam } from './sqlFragments';

/** The groups each rider belongs to (wheelchair, senior...): what a zone's eligibility is checked against. */
export class RiderGroupRepository {
  constructor(private readonly pool: Pool) {}

  /** The rider's groups; none for a rider nobody set. */
  async groupsOf(riderId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ groups: string[] }>('SELECT groups FROM rider_groups WHERE rider_id = $1', [riderId]);
    return rows[0]?.groups ?? [];
  }

  async setGroups(riderId: string, groups: readonly string[], atS: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ groups: string[] }>(
      `INSERT INTO rider_groups (rider_id, groups, updated_at) VALUES ($1, $2, ${timeParam(3)})
       ON CONFLICT (rider_id) DO UPDATE SET groups = EXCLUDED.groups, updated_at = EXCLUDED.updated_at RETURNING groups`,
      [riderId, [...new Set(groups)].sort(), atS],
    );
    return rows[0]!.groups;
  }
}
