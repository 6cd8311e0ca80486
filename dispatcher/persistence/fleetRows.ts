import type { LngLat, PositionRecord, ShiftRecord, ShiftState, VehicleRecord } from './records';
import { epochColumn, lngLatColumn } from './sqlFragments';

/** Row shapes and column lists of vehicles, shifts and positions, shared by the repositories and loadDispatchState. */

export interface VehicleRow {
  id: string;
  name: string;
  seats: number;
  wheelchair_places: number;
  depot: [number, number];
  plate: string | null;
  colour: string | null;
  schedule_version: number;
  created_at_s: number;
  updated_at_s: number;
}

export const VEHICLE_COLUMNS = `id, name, seats, wheelchair_places, ${lngLatColumn('depot')} AS depot, plate, colour, schedule_version,
  ${epochColumn('created_at')} AS created_at_s, ${epochColumn('updated_at')} AS updated_at_s`;

export function toVehicleRecord(row: VehicleRow): VehicleRecord {
  return {
    id: row.id,
    name: row.name,
    seats: row.seats,
    wheelchairPlaces: row.wheelchair_places,
    depot: lngLat(row.depot),
    plate: row.plate,
    colour: row.colour,
    scheduleVersion: row.schedule_version,
    createdAtS: row.created_at_s,
    updatedAtS: row.updated_at_s,
  };
}

export interface ShiftRow {
  id: number;
  vehicle_id: string;
  starts_at_s: number;
  ends_at_s: number;
  state: ShiftState;
  started_at_s: number | null;
  ended_at_s: number | null;
  out_of_service_at_s: number | null;
}

export const SHIFT_COLUMNS = `id, vehicle_id, ${epochColumn('starts_at')} AS starts_at_s, ${epochColumn('ends_at')} AS ends_at_s, state,
  ${epochColumn('started_at')} AS started_at_s, ${epochColumn('ended_at')} AS ended_at_s,
  ${epochColumn('out_of_service_at')} AS out_of_service_at_s`;

export function toShiftRecord(row: ShiftRow): ShiftRecord {
  return {
    id: row.id,
    vehicleId: row.vehicle_id,
    startsAtS: row.starts_at_s,
    endsAtS: row.ends_at_s,
    state: row.state,
    startedAtS: row.started_at_s,
    endedAtS: row.ended_at_s,
    outOfServiceAtS: row.out_of_service_at_s ?? null,
  };
}

export interface PositionRow {
  vehicle_id: string;
  at_s: number;
  location: [number, number];
  heading_deg: number | null;
  speed_mps: number | null;
}

export const POSITION_COLUMNS = `vehicle_id, ${epochColumn('at')} AS at_s, ${lngLatColumn('location')} AS location, heading_deg, speed_mps`;

export function toPositionRecord(row: PositionRow): PositionRecord {
  return { vehicleId: row.vehicle_id, atS: row.at_s, location: lngLat(row.location), headingDeg: row.heading_deg, speedMps: row.speed_mps };
}

export function lngLat(pair: readonly number[]): LngLat {
  return [pair[0]!, pair[1]!];
}

export function lngLatOrNull(pair: readonly number[] | null): LngLat | null {
  return pair === null ? null : lngLat(pair);
}
