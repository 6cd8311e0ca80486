import type { Pool } from 'pg';
import { EVENT_COLUMNS, type EventRow, toEventRecord } from './appendEvents';
import type { EventRecord } from './records';

/** Default page of listAfter: a reconnecting stream catches up in pages this size. */
export const DEFAULT_EVENT_PAGE = 1000;

/** The event log, read side. Writes happen inside the transactions that change trips and schedules. */
export class EventRepository {
  constructor(private readonly pool: Pool) {}

  /** Events with seq > afterSeq, oldest first, at most `limit`. A stream replays from the last seq it delivered. */
  async listAfter(afterSeq: number, limit: number = DEFAULT_EVENT_PAGE): Promise<EventRecord[]> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      afterSeq,
      limit,
    ]);
    return rows.map(toEventRecord);
  }

  /** The newest seq, 0 when the log is empty. */
  async latestSeq(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events');
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * The audit trail: events with fromS <= at < toS, oldest first, after seq `afterSeq` (the cursor of the previous
   * page), at most `limit`; with `types`, only those.
   */
  async listBetween(range: { fromS: number; toS: number; afterSeq: number; limit: number; types?: readonly string[] }): Promise<EventRecord[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE at >= to_timestamp($1::float8) AND at < to_timestamp($2::float8) AND seq > $3 AND ($5::text[] IS NULL OR type = ANY($5::text[]))
       ORDER BY seq LIMIT $4`,
      [range.fromS, range.toS, range.afterSeq, range.limit, range.types ? [...range.types] : null],
    );
    return rows.map(toEventRecord);
  }
}
