import type { Pool } from 'pg';
import type { HourFactor } from '../traffic/SpeedFactors';
import { timeParam } from './sqlFragments';

/** The per-hour speed factors the dispatcher learnt from observed legs (issue 13): saved as they change, read on start. */
export class SpeedFactorRepository {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<HourFactor[]> {
    const { rows } = await this.pool.query<{ hour: number; factor: number; samples: number }>('SELECT hour, factor, samples FROM speed_factors ORDER BY hour');
    return rows.map((r) => ({ hour: Number(r.hour), factor: Number(r.factor), samples: Number(r.samples) }));
  }

  async save(h: HourFactor, atS: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO speed_factors (hour, factor, samples, updated_at) VALUES ($1, $2, $3, ${timeParam(4)})
       ON CONFLICT (hour) DO UPDATE SET factor = EXCLUDED.factor, samples = EXCLUDED.samples, updated_at = EXCLUDED.updated_at`,
      [h.hour, h.factor, h.samples, atS],
    );
  }
}
