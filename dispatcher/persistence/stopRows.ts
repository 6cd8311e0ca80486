import { lngLat } from './fleetRows';
import type { StopKind, StopRecord, StopState } from './records';
import { epochColumn, lngLatColumn } from './sqlFragments';

/** Row shape and column list of stops. */

export interface StopRow {
  id: string;
  vehicle_id: string;
  trip_id: string;
  kind: StopKind;
  seq: number;
  location: [number, number];
  planned_arrival_at_s: number;
  earliest_at_s: number;
  latest_at_s: number;
  service_s: number;
  state: StopState;
  actual_arrival_at_s: number | null;
  actual_departure_at_s: number | null;
}

export const STOP_COLUMNS = `id, vehicle_id, trip_id, kind, seq, ${lngLatColumn('location')} AS location,
  ${epochColumn('planned_arrival_at')} AS planned_arrival_at_s, ${epochColumn('earliest_at')} AS earliest_at_s,
  ${epochColumn('latest_at')} AS latest_at_s, service_s, state,
  ${epochColumn('actual_arrival_at')} AS actual_arrival_at_s, ${epochColumn('actual_departure_at')} AS actual_departure_at_s`;

/** Open stops in the order the vehicle serves them: the one it stands at first, then the planned ones by seq. */
export const OPEN_STOP_ORDER = `(state = 'arrived') DESC, seq, id`;

export function toStopRecord(row: StopRow): StopRecord {
  return {
    id: Number(row.id),
    vehicleId: row.vehicle_id,
    tripId: row.trip_id,
    kind: row.kind,
    seq: row.seq,
    location: lngLat(row.location),
    plannedArrivalS: row.planned_arrival_at_s,
    earliestS: row.earliest_at_s,
    latestS: row.latest_at_s,
    serviceS: row.service_s,
    state: row.state,
    actualArrivalS: row.actual_arrival_at_s,
    actualDepartureS: row.actual_departure_at_s,
  };
}
