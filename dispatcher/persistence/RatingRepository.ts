import type { Pool } from 'pg';
import type { RatingSummary, TripRating } from '../../protocol/ratings';
import { appendEvents, EventType } from './appendEvents';
import { epochColumn, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

interface RatingRow {
  trip_id: string;
  stars: number;
  comment: string | null;
  rated_at_s: number;
}

/** Ratings after the ride: one per trip, by its rider; rating again replaces it. */
export class RatingRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Stores the rider's rating of their completed trip and appends trip_rated, in one transaction. Null when the
   * trip is not this rider's completed trip (the caller answers NotFound or TripNotRateable from the trip itself).
   */
  async rate(input: { tripId: string; riderId: string; stars: number; comment: string | null; atS: number }): Promise<TripRating | null> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<RatingRow>(
        `INSERT INTO trip_ratings (trip_id, rider_id, stars, comment, rated_at, updated_at)
         SELECT t.id, t.rider_id, $3, $4, ${timeParam(5)}, ${timeParam(5)} FROM trips t
          WHERE t.id = $1 AND t.rider_id = $2 AND t.state = 'completed'
         ON CONFLICT (trip_id) DO UPDATE SET stars = EXCLUDED.stars, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
         RETURNING trip_id, stars, comment, ${epochColumn('updated_at')} AS rated_at_s`,
        [input.tripId, input.riderId, input.stars, input.comment, input.atS],
      );
      const row = rows[0];
      if (!row) return null;
      await appendEvents(client, input.atS, [{ type: EventType.TripRated, tripId: input.tripId, payload: { stars: input.stars } }]);
      return { tripId: row.trip_id, stars: row.stars, comment: row.comment, ratedAt: row.rated_at_s };
    });
  }

  async get(tripId: string): Promise<TripRating | null> {
    const { rows } = await this.pool.query<RatingRow>(
      `SELECT trip_id, stars, comment, ${epochColumn('updated_at')} AS rated_at_s FROM trip_ratings WHERE trip_id = $1`,
      [tripId],
    );
    const row = rows[0];
    return row ? { tripId: row.trip_id, stars: row.stars, comment: row.comment, ratedAt: row.rated_at_s } : null;
  }

  /** Ratings of trips requested in [fromS, toS) (the range the planner metrics count trips in). */
  async summary(fromS: number, toS: number): Promise<RatingSummary> {
    const { rows } = await this.pool.query<{ stars: number; n: string }>(
      `SELECT r.stars, count(*) AS n FROM trip_ratings r JOIN trips t ON t.id = r.trip_id
        WHERE t.created_at >= ${timeParam(1)} AND t.created_at < ${timeParam(2)} GROUP BY r.stars`,
      [fromS, toS],
    );
    const byStars: RatingSummary['byStars'] = [0, 0, 0, 0, 0];
    let count = 0;
    let sum = 0;
    for (const r of rows) {
      const n = Number(r.n);
      byStars[r.stars - 1] = n;
      count += n;
      sum += n * r.stars;
    }
    return { count, meanStars: count > 0 ? sum / count : null, byStars };
  }
}
