import { RatingRepository } from './RatingRepository';
import type { Pool } from 'pg';
import type { PlannerMetrics } from '../../protocol/metrics';
import { REJECTION_REASONS, type RejectionReason } from '../../protocol/trips';
import { promiseKpis } from './promiseKpis';
import { timeParam } from './sqlFragments';

interface TripFigures {
  requests: string;
  accepted: string;
  completed: string;
  cancelled: string;
  no_shows: string;
  rejected: string;
  served: string;
  mean_wait_s: number | null;
  p50_wait_s: number | null;
  p90_wait_s: number | null;
  mean_detour: number | null;
  p50_detour: number | null;
  p90_detour: number | null;
  declined: string;
  accept_failed: string;
  cancelled_after_accept: string;
  pooled: string;
  passenger_ride_s: number | null;
  completed_passengers: string;
  passenger_m: number | null;
  wait_samples: string;
  detour_samples: string;
  first_request_s: number | null;
}

interface FleetFigures {
  vehicle_m: number | null;
  empty_m: number | null;
  vehicle_s: number | null;
  first_shift_s: number | null;
}

/**
 * The planner's numbers, computed from the stored trips, stops, shifts and positions (never from memory),
 * so any dispatcher instance, or a report run later, gets the same figures.
 */
export class MetricsRepository {
  constructor(private readonly pool: Pool) {}

  /** Trips requested in [fromS, toS), and the fleet's driving in that range. */
  async compute(fromS: number, toS: number): Promise<PlannerMetrics> {
    const range = [fromS, toS];
    const trips = await this.pool.query<TripFigures>(
      `WITH t AS (SELECT * FROM trips WHERE created_at >= ${timeParam(1)} AND created_at < ${timeParam(2)}),
       done AS (SELECT * FROM t WHERE state = 'completed'),
       waits AS (SELECT extract(epoch FROM actual_pickup_at - requested_pickup_at)::float8 AS w FROM t WHERE actual_pickup_at IS NOT NULL),
       detours AS (SELECT (extract(epoch FROM actual_dropoff_at - actual_pickup_at) / direct_s)::float8 AS r FROM done WHERE direct_s > 0)
       SELECT count(*) AS requests,
              count(*) FILTER (WHERE pickup_window_start IS NOT NULL AND state NOT IN ('offered', 'rejected')
                               AND NOT (state = 'cancelled' AND vehicle_id IS NULL)) AS accepted,
              count(*) FILTER (WHERE state = 'completed') AS completed,
              count(*) FILTER (WHERE state = 'cancelled') AS cancelled,
              count(*) FILTER (WHERE state = 'no_show') AS no_shows,
              count(*) FILTER (WHERE state = 'rejected') AS rejected,
              count(*) FILTER (WHERE state IN ('completed', 'on_board')) AS served,
              -- An offer never accepted: declined when the rider said no (cancelled, no vehicle), failed when it stayed open.
              count(*) FILTER (WHERE state = 'cancelled' AND vehicle_id IS NULL) AS declined,
              count(*) FILTER (WHERE state = 'offered') AS accept_failed,
              count(*) FILTER (WHERE state = 'cancelled' AND vehicle_id IS NOT NULL) AS cancelled_after_accept,
              (SELECT avg(w) FROM waits) AS mean_wait_s,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w) FROM waits) AS p50_wait_s,
              (SELECT count(*) FROM waits) AS wait_samples,
              (SELECT count(*) FROM done WHERE direct_s > 0) AS detour_samples,
              extract(epoch FROM min(created_at))::float8 AS first_request_s,
              (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY w) FROM waits) AS p90_wait_s,
              (SELECT avg(r) FROM detours) AS mean_detour,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r) FROM detours) AS p50_detour,
              (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY r) FROM detours) AS p90_detour,
              (SELECT count(*) FROM done a WHERE EXISTS (
                 SELECT 1 FROM trips b WHERE b.id <> a.id AND b.vehicle_id = a.vehicle_id AND b.actual_pickup_at IS NOT NULL
                   AND b.actual_pickup_at < a.actual_dropoff_at AND coalesce(b.actual_dropoff_at, 'infinity') > a.actual_pickup_at)) AS pooled,
              (SELECT sum(extract(epoch FROM actual_dropoff_at - actual_pickup_at) * (passengers + wheelchairs)) FROM done) AS passenger_ride_s,
              (SELECT coalesce(sum(passengers + wheelchairs), 0) FROM done) AS completed_passengers,
              (SELECT sum(direct_m * (passengers + wheelchairs)) FROM done) AS passenger_m
       FROM t`,
      range,
    );
    const reasons = await this.pool.query<{ reason: string; n: string }>(
      `SELECT reject_reason AS reason, count(*) AS n FROM trips
       WHERE state = 'rejected' AND created_at >= ${timeParam(1)} AND created_at < ${timeParam(2)} GROUP BY reject_reason`,
      range,
    );
    const fleet = await this.pool.query<FleetFigures>(
      `WITH p AS (
         SELECT vehicle_id, at, location,
                lag(location) OVER w AS prev, lag(at) OVER w AS prev_at
         FROM vehicle_position_history WHERE at >= ${timeParam(1)} AND at < ${timeParam(2)}
         WINDOW w AS (PARTITION BY vehicle_id ORDER BY at, id)),
       legs AS (
         SELECT vehicle_id, at, prev_at, ST_Distance(prev, location) AS m FROM p WHERE prev IS NOT NULL)
       SELECT sum(m) AS vehicle_m,
              sum(m) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM trips tr WHERE tr.vehicle_id = legs.vehicle_id AND tr.actual_pickup_at <= legs.prev_at
                  AND coalesce(tr.actual_dropoff_at, 'infinity') >= legs.at)) AS empty_m,
              (SELECT sum(extract(epoch FROM least(coalesce(ended_at, ${timeParam(2)}), ${timeParam(2)}) - greatest(started_at, ${timeParam(1)})))
                 FROM shifts WHERE started_at IS NOT NULL AND started_at < ${timeParam(2)} AND coalesce(ended_at, 'infinity') > ${timeParam(1)}) AS vehicle_s,
              (SELECT extract(epoch FROM greatest(min(started_at), ${timeParam(1)}))::float8
                 FROM shifts WHERE started_at IS NOT NULL AND started_at < ${timeParam(2)} AND coalesce(ended_at, 'infinity') > ${timeParam(1)}) AS first_shift_s
       FROM legs`,
      range,
    );
    const t = trips.rows[0]!;
    const f = fleet.rows[0]!;
    const n = (s: string) => Number(s);
    const rejectionReasons: Partial<Record<RejectionReason, number>> = {};
    for (const r of reasons.rows) if ((REJECTION_REASONS as readonly string[]).includes(r.reason)) rejectionReasons[r.reason as RejectionReason] = n(r.n);
    const vehicleHours = f.vehicle_s && f.vehicle_s > 0 ? f.vehicle_s / 3600 : null;
    return {
      fromS,
      toS,
      requests: n(t.requests),
      accepted: n(t.accepted),
      completed: n(t.completed),
      cancelled: n(t.cancelled),
      noShows: n(t.no_shows),
      rejected: n(t.rejected),
      rejectionReasons,
      // Served = accepted (a vehicle took the trip), so the share and the "accepted" count always agree.
      shareServed: n(t.requests) > 0 ? n(t.accepted) / n(t.requests) : 0,
      meanWaitS: t.mean_wait_s,
      p50WaitS: t.p50_wait_s,
      p90WaitS: t.p90_wait_s,
      meanDetourRatio: t.mean_detour,
      p50DetourRatio: t.p50_detour,
      p90DetourRatio: t.p90_detour,
      outcomes: {
        completed: n(t.completed),
        rejected: rejectionReasons,
        declined: n(t.declined),
        acceptFailed: n(t.accept_failed),
        cancelled: n(t.cancelled_after_accept),
        noShow: n(t.no_shows),
      },
      poolingRate: n(t.completed) > 0 ? n(t.pooled) / n(t.completed) : null,
      meanOccupancy: vehicleHours && t.passenger_ride_s !== null ? t.passenger_ride_s / (vehicleHours * 3600) : null,
      vehicleKm: f.vehicle_m === null ? null : f.vehicle_m / 1000,
      passengerKm: t.passenger_m === null ? null : t.passenger_m / 1000,
      emptyKm: f.empty_m === null ? null : f.empty_m / 1000,
      passengersPerVehicleHour: vehicleHours ? n(t.completed_passengers) / vehicleHours : null,
      samples: { waits: n(t.wait_samples), detours: n(t.detour_samples), vehicleHours: vehicleHours ?? 0 },
      serviceStartS: earliest(t.first_request_s, f.first_shift_s),
      ratings: await new RatingRepository(this.pool).summary(fromS, toS),
      promises: await promiseKpis(this.pool, fromS, toS),
    };
  }
}

/** The earlier of two optional times, whole seconds. */
function earliest(a: number | null, b: number | null): number | null {
  const known = [a, b].filter((x): x is number => x !== null);
  return known.length === 0 ? null : Math.floor(Math.min(...known));
}
