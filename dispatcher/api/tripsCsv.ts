import type { TripExportRow } from '../persistence/TripExportRepository';

/** Columns of the planner's trip export, in order; times as ISO 8601 UTC, distances in metres, durations in seconds. */
export const TRIP_CSV_COLUMNS = [
  'trip_id', 'state', 'requested_at', 'requested_pickup_at', 'origin_lon', 'origin_lat', 'destination_lon', 'destination_lat',
  'passengers', 'wheelchairs', 'vehicle_id', 'pickup_window_start', 'pickup_window_end', 'latest_arrival', 'picked_up_at',
  'dropped_off_at', 'walk_to_pickup_m', 'direct_drive_s', 'direct_drive_m', 'reject_reason', 'cancel_reason',
] as const;

const iso = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString());
const num = (x: number | null, digits = 0) => (x === null ? '' : x.toFixed(digits));

/** A CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text (ids, reasons): a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
const text = (value: string | null) => (value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function tripCsvLine(r: TripExportRow): string {
  return [
    text(r.id), r.state, iso(r.createdAtS), iso(r.requestedPickupAtS), num(r.origin[0], 6), num(r.origin[1], 6), num(r.destination[0], 6),
    num(r.destination[1], 6), String(r.passengers), String(r.wheelchairs), text(r.vehicleId), iso(r.pickupWindowStartS), iso(r.pickupWindowEndS),
    iso(r.latestArrivalS), iso(r.actualPickupS), iso(r.actualDropoffS), num(r.walkToPickupM), num(r.directDriveS), num(r.directDriveM),
    text(r.rejectReason), text(r.cancelReason),
  ].map(csvField).join(',');
}

/** The whole export, header first, CRLF line ends (RFC 4180). */
export function tripsCsv(rows: readonly TripExportRow[]): string {
  return [TRIP_CSV_COLUMNS.join(','), ...rows.map(tripCsvLine)].join('\r\n') + '\r\n';
}
