import type { Pool } from 'pg';
import type { TripState } from '../../protocol/trips';
import { epochColumn, lngLatColumn, timeParam } from './sqlFragments';

/** Most trip origins one heatmap query returns (the newest first). */
export const DEFAULT_MAX_ORIGINS = 5000;
/** Most trips one CSV export holds. */
export const DEFAULT_MAX_EXPORT_ROWS = 50_000;

export interface TripOriginRow {
  location: [number, number];
  atS: number;
  state: TripState;
}

/** One trip as the planner exports it: no rider name or id, nothing that reaches a person. */
export interface TripExportRow {
  id: string;
  state: TripState;
  createdAtS: number;
  requestedPickupAtS: number;
  origin: [number, number];
  destination: [number, number];
  passengers: number;
  wheelchairs: number;
  vehicleId: string | null;
  pickupWindowStartS: number | null;
  pickupWindowEndS: number | null;
  latestArrivalS: number | null;
  actualPickupS: number | null;
  actualDropoffS: number | null;
  walkToPickupM: number | null;
  directDriveS: number | null;
  directDriveM: number | null;
  rejectReason: string | null;
  cancelReason: string | null;
}

interface ExportRecord {
  id: string;
  state: TripState;
  created_s: number;
  requested_s: number;
  origin: number[];
  destination: number[];
  passengers: number;
  wheelchairs: number;
  vehicle_id: string | null;
  window_start_s: number | null;
  window_end_s: number | null;
  latest_arrival_s: number | null;
  pickup_s: number | null;
  dropoff_s: number | null;
  walk_to_pickup_m: number | null;
  direct_s: number | null;
  direct_m: number | null;
  reject_reason: string | null;
  cancel_reason: string | null;
}

const lngLat = (p: number[]): [number, number] => [p[0], p[1]];

/**
 * Read-only views of the stored trips for the planner's pages: origins for the demand heatmap and a
 * CSV-ready export. Trips are chosen by when they were requested, in [fromS, toS) as the metrics are.
 */
export class TripExportRepository {
  constructor(private readonly pool: Pool) {}

  async origins(fromS: number, toS: number, limit = DEFAULT_MAX_ORIGINS): Promise<TripOriginRow[]> {
    const rows = await this.pool.query<{ location: number[]; at_s: number; state: TripState }>(
      `SELECT ${lngLatColumn('origin')} AS location, ${epochColumn('created_at')} AS at_s, state
         FROM trips WHERE created_at >= ${timeParam(1)} AND created_at < ${timeParam(2)}
         ORDER BY created_at DESC LIMIT $3`,
      [fromS, toS, limit],
    );
    return rows.rows.map((r) => ({ location: lngLat(r.location), atS: r.at_s, state: r.state }));
  }

  async exportRows(fromS: number, toS: number, limit = DEFAULT_MAX_EXPORT_ROWS): Promise<TripExportRow[]> {
    const rows = await this.pool.query<ExportRecord>(
      `SELECT id, state, ${epochColumn('created_at')} AS created_s, ${epochColumn('requested_pickup_at')} AS requested_s,
              ${lngLatColumn('origin')} AS origin, ${lngLatColumn('destination')} AS destination, passengers, wheelchairs, vehicle_id,
              ${epochColumn('pickup_window_start')} AS window_start_s, ${epochColumn('pickup_window_end')} AS window_end_s,
              ${epochColumn('latest_arrival_at')} AS latest_arrival_s, ${epochColumn('actual_pickup_at')} AS pickup_s,
              ${epochColumn('actual_dropoff_at')} AS dropoff_s, walk_to_pickup_m, direct_s, direct_m, reject_reason, cancel_reason
         FROM trips WHERE created_at >= ${timeParam(1)} AND created_at < ${timeParam(2)}
         ORDER BY created_at, id LIMIT $3`,
      [fromS, toS, limit],
    );
    return rows.rows.map((r) => ({
      id: r.id,
      state: r.state,
      createdAtS: r.created_s,
      requestedPickupAtS: r.requested_s,
      origin: lngLat(r.origin),
      destination: lngLat(r.destination),
      passengers: r.passengers,
      wheelchairs: r.wheelchairs,
      vehicleId: r.vehicle_id,
      pickupWindowStartS: r.window_start_s,
      pickupWindowEndS: r.window_end_s,
      latestArrivalS: r.latest_arrival_s,
      actualPickupS: r.pickup_s,
      actualDropoffS: r.dropoff_s,
      walkToPickupM: r.walk_to_pickup_m,
      directDriveS: r.direct_s,
      directDriveM: r.direct_m,
      rejectReason: r.reject_reason,
      cancelReason: r.cancel_reason,
    }));
  }
}
