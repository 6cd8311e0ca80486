import { CodedError } from '../errors/CodedError';

/** Stable codes of every persistence failure the dispatcher can act on. */
export const PersistenceErrorCode = {
  /** A vehicle's schedule changed since the caller planned on it: reload the vehicle and plan again. */
  ScheduleConflict: 'ScheduleConflict',
  /** A new stop sequence is inconsistent (a stop twice, dropoff before pickup, an open trip left without stops). */
  InvalidSchedule: 'InvalidSchedule',
  /** The trip is not in a state that allows this change (e.g. accepting a cancelled trip). */
  InvalidTripTransition: 'InvalidTripTransition',
  TripNotFound: 'TripNotFound',
  /** Only an open trip on a vehicle can be pinned to it. */
  TripNotPinnable: 'TripNotPinnable',
  /** A new driver break overlaps one the vehicle already has. */
  BreakOverlaps: 'BreakOverlaps',
  VehicleNotFound: 'VehicleNotFound',
  /** No active shift for this vehicle, or one already running when starting another. */
  ShiftStateConflict: 'ShiftStateConflict',
  /** The GeoJSON is not a valid Polygon or MultiPolygon in [lon, lat]; the message says why. */
  InvalidServiceArea: 'InvalidServiceArea',
  /** An applied migration file was edited afterwards, or a file is misnamed. Migrations are forward only: add a new file. */
  MigrationRejected: 'MigrationRejected',
  /** The database cannot be reached or started. */
  DatabaseUnavailable: 'DatabaseUnavailable',
} as const;
export type PersistenceErrorCode = (typeof PersistenceErrorCode)[keyof typeof PersistenceErrorCode];

export class PersistenceError extends CodedError<PersistenceErrorCode> {}

/** A vehicle's schedule_version was not the one the caller planned on. Nothing was written. */
export class ScheduleConflict extends PersistenceError {
  readonly vehicleId: string;
  readonly expectedVersion: number;
  /** null when the vehicle does not exist. */
  readonly actualVersion: number | null;

  constructor(vehicleId: string, expectedVersion: number, actualVersion: number | null) {
    super(
      PersistenceErrorCode.ScheduleConflict,
      actualVersion === null
        ? `Vehicle ${vehicleId} does not exist: upsert it before planning stops for it`
        : `Vehicle ${vehicleId} schedule is at version ${actualVersion}, not ${expectedVersion}: reload it and plan again`,
    );
    this.name = 'ScheduleConflict';
    this.vehicleId = vehicleId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export function isPersistenceError(e: unknown): e is PersistenceError {
  return e instanceof PersistenceError;
}
