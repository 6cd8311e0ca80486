import type { Pool } from 'pg';
import { PROMISE_CAUSES, type PromiseCause } from '../../protocol/promises';
import type { PromiseKpis } from '../../protocol/metrics';
import { timeParam } from './sqlFragments';

/** A pickup or arrival this close after the promise still counts as on time (the stored times' rounding). */
export const ON_TIME_TOLERANCE_S = 1;

interface PromiseFigures {
  pickups: string;
  on_time_pickups: string;
  arrivals: string;
  on_time_arrivals: string;
  moved: string;
  eta10_p50: number | null;
  eta10_p90: number | null;
  eta10_n: string;
  eta5_p50: number | null;
  eta5_p90: number | null;
  eta5_n: string;
}

/**
 * The promise KPIs of the trips requested in [fromS, toS) (issue 13), from the stored trips, stops and the event log:
 * the first promise of a trip whose promise moved is the `before` of its first promise_moved event; a pickup or
 * arrival counts when the vehicle reached the stop (as the simulator's KPIs count it).
 */
export async function promiseKpis(pool: Pool, fromS: number, toS: number): Promise<PromiseKpis> {
  const range = [fromS, toS, ON_TIME_TOLERANCE_S];
  const { rows } = await pool.query<PromiseFigures>(
    `WITH t AS (
       -- Promises bind the start of service: when the vehicle reached the curb (its stop's arrival), else the report.
       SELECT trips.id, coalesce(sp.actual_arrival_at, trips.actual_pickup_at) AS actual_pickup_at,
              CASE WHEN trips.actual_dropoff_at IS NULL THEN NULL ELSE coalesce(sd.actual_arrival_at, trips.actual_dropoff_at) END AS actual_dropoff_at,
              pickup_eta_10min_at, pickup_eta_5min_at,
              coalesce(m.before_pickup, extract(epoch FROM pickup_window_end)) AS first_pickup_latest,
              coalesce(m.before_arrival, extract(epoch FROM latest_arrival_at)) AS first_arrival_latest
       FROM trips
       LEFT JOIN LATERAL (
         SELECT (e.payload->'before'->>'pickupLatestS')::float8 AS before_pickup, (e.payload->'before'->>'latestArrivalS')::float8 AS before_arrival
         FROM events e WHERE e.trip_id = trips.id AND e.type = 'promise_moved' ORDER BY e.seq LIMIT 1) m ON true
       LEFT JOIN stops sp ON sp.trip_id = trips.id AND sp.kind = 'pickup'
       LEFT JOIN stops sd ON sd.trip_id = trips.id AND sd.kind = 'dropoff'
       WHERE trips.created_at >= ${timeParam(1)} AND trips.created_at < ${timeParam(2)}),
     err AS (
       SELECT abs(extract(epoch FROM actual_pickup_at - pickup_eta_10min_at))::float8 AS e10,
              abs(extract(epoch FROM actual_pickup_at - pickup_eta_5min_at))::float8 AS e5
       FROM t WHERE actual_pickup_at IS NOT NULL)
     SELECT count(*) FILTER (WHERE actual_pickup_at IS NOT NULL) AS pickups,
            count(*) FILTER (WHERE extract(epoch FROM actual_pickup_at) <= first_pickup_latest + $3) AS on_time_pickups,
            count(*) FILTER (WHERE actual_dropoff_at IS NOT NULL) AS arrivals,
            count(*) FILTER (WHERE extract(epoch FROM actual_dropoff_at) <= first_arrival_latest + $3) AS on_time_arrivals,
            (SELECT count(*) FROM events e JOIN t ON t.id = e.trip_id WHERE e.type = 'promise_moved') AS moved,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e10) FROM err WHERE e10 IS NOT NULL) AS eta10_p50,
            (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY e10) FROM err WHERE e10 IS NOT NULL) AS eta10_p90,
            (SELECT count(e10) FROM err) AS eta10_n,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e5) FROM err WHERE e5 IS NOT NULL) AS eta5_p50,
            (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY e5) FROM err WHERE e5 IS NOT NULL) AS eta5_p90,
            (SELECT count(e5) FROM err) AS eta5_n
     FROM t`,
    range,
  );
  const broken = await pool.query<{ cause: string | null; n: string }>(
    `SELECT e.payload->>'cause' AS cause, count(*) AS n FROM events e JOIN trips t ON t.id = e.trip_id
     WHERE e.type = 'promise_broken' AND t.created_at >= ${timeParam(1)} AND t.created_at < ${timeParam(2)}
     GROUP BY 1`,
    [fromS, toS],
  );
  const r = rows[0]!;
  const n = Number;
  const brokenByCause: Partial<Record<PromiseCause, number>> = {};
  let total = 0;
  for (const b of broken.rows) {
    const cause: PromiseCause = b.cause !== null && (PROMISE_CAUSES as readonly string[]).includes(b.cause) ? (b.cause as PromiseCause) : 'other';
    brokenByCause[cause] = (brokenByCause[cause] ?? 0) + n(b.n);
    total += n(b.n);
  }
  return {
    onTimePickupShare: n(r.pickups) > 0 ? n(r.on_time_pickups) / n(r.pickups) : null,
    onTimeArrivalShare: n(r.arrivals) > 0 ? n(r.on_time_arrivals) / n(r.arrivals) : null,
    moved: n(r.moved),
    broken: total,
    brokenByCause,
    etaErrorP50S10Min: r.eta10_p50,
    etaErrorP90S10Min: r.eta10_p90,
    etaErrorP50S5Min: r.eta5_p50,
    etaErrorP90S5Min: r.eta5_p90,
    samples: { pickups: n(r.pickups), arrivals: n(r.arrivals), eta10Min: n(r.eta10_n), eta5Min: n(r.eta5_n) },
  };
}
