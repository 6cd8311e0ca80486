import type { Pool } from 'pg';
import type { LngLat } from '../../routing/Router';
import { appendEvents } from './appendEvents';
import { lngLatColumn, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

/** A request of an earlier day, for a service that starts without history (a simulation, an imported log). */
export interface PastRequest {
  id: string;
  riderId: string;
  origin: LngLat;
  destination: LngLat;
  passengers: number;
  requestedPickupAtS: number;
}

/** Marks the rows importPastRequests wrote: they were never offered, only asked for. */
export const PAST_DEMAND_REASON = 'PastDemand';

/** The event type of a reposition: { to: [lon, lat], cellKey, distanceM }, with the vehicle's id. */
export const VEHICLE_REPOSITIONED = 'vehicle_repositioned';

/**
 * What rebalancing reads and writes: where riders asked to be picked up on earlier days (the demand heatmap), and
 * the repositions sent to idle vehicles (one event each, which also pushes the driver a new manifest).
 */
export class RebalancingRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Pickup points of every request (served or not: a rejected rider was demand too) whose requested pickup fell in
   * [nowS - k·86400, nowS - k·86400 + windowS) for k = 1..days: the coming window on each of the past days.
   */
  async pastPickups(nowS: number, windowS: number, days: number): Promise<LngLat[]> {
    const { rows } = await this.pool.query<{ p: [number, number] }>(
      `SELECT ${lngLatColumn('t.origin')} AS p
       FROM generate_series(1, $3::int) AS k
       JOIN trips t ON t.requested_pickup_at >= ${timeParam(1)} - make_interval(days => k)
                   AND t.requested_pickup_at < ${timeParam(1)} - make_interval(days => k) + make_interval(secs => $2::float8)
       ORDER BY t.requested_pickup_at, t.id`,
      [nowS, windowS, days],
    );
    return rows.map((r) => [r.p[0], r.p[1]]);
  }

  /** Stores requests of earlier days as asked for and never served (cancelled with PAST_DEMAND_REASON), in one statement. */
  async importPastRequests(requests: readonly PastRequest[]): Promise<void> {
    if (requests.length === 0) return;
    await this.pool.query(
      `INSERT INTO trips (id, rider_id, origin, destination, passengers, requested_pickup_at, state, cancel_reason, created_at, updated_at)
       SELECT r.id, r.rider_id,
              ST_SetSRID(ST_MakePoint(r.olon, r.olat), 4326)::geography, ST_SetSRID(ST_MakePoint(r.dlon, r.dlat), 4326)::geography,
              r.passengers, to_timestamp(r.at), 'cancelled', $8, to_timestamp(r.at), to_timestamp(r.at)
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::int[], $9::float8[])
            AS r(id, rider_id, olon, olat, dlon, dlat, passengers, at)`,
      [
        requests.map((r) => r.id),
        requests.map((r) => r.riderId),
        requests.map((r) => r.origin[0]),
        requests.map((r) => r.origin[1]),
        requests.map((r) => r.destination[0]),
        requests.map((r) => r.destination[1]),
        requests.map((r) => r.passengers),
        PAST_DEMAND_REASON,
        requests.map((r) => r.requestedPickupAtS),
      ],
    );
  }

  /** Logs the repositions sent (one `vehicle_repositioned` event each, in one transaction). */
  async recordRepositions(atS: number, moves: ReadonlyArray<{ vehicleId: string; to: LngLat; cellKey: string; distanceM: number }>): Promise<void> {
    if (moves.length === 0) return;
    await withTransaction(this.pool, (c) =>
      appendEvents(
        c,
        atS,
        moves.map((m) => ({ type: VEHICLE_REPOSITIONED, vehicleId: m.vehicleId, payload: { to: [m.to[0], m.to[1]], cellKey: m.cellKey, distanceM: Math.round(m.distanceM) } })),
      ),
    );
  }
}
