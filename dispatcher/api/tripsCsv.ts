import type { TripExportRow } from '../persistence/TripExportRepository';

/**
 * Columns of the planner's trip export, in order; times as ISO 8601 with their UTC offset in the export's time
 * zone (`2026-12-02T08:05:00+09:00`; UTC, `Z`, unless one is asked for), distances in metres, durations in seconds.
 */
export const TRIP_CSV_COLUMNS = [
  'trip_id', 'state', 'requested_at', 'requested_pickup_at', 'origin_lon', 'origin_lat', 'destination_lon', 'destination_lat',
  'passengers', 'wheelchairs', 'vehicle_id', 'pickup_window_start', 'pickup_window_end', 'latest_arrival', 'picked_up_at',
  'dropped_off_at', 'walk_to_pickup_m', 'direct_drive_s', 'direct_drive_m', 'reject_reason', 'cancel_reason',
] as const;

/** Formats instants as ISO 8601 local time with the offset of an IANA time zone; `UTC` gives the `Z` form. */
export function isoInZone(timeZone: string): (s: number | null) => string {
  if (timeZone === 'UTC') return (s) => (s === null ? '' : new Date(s * 1000).toISOString());
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
  });
  return (s) => {
    if (s === null) return '';
    const p = Object.fromEntries(parts.formatToParts(new Date(Math.round(s) * 1000)).map((x) => [x.type, x.value]));
    const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
  };
}

/** True for a time zone name this runtime knows (`Asia/Seoul`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
const num = (x: number | null, digits = 0) => (x === null ? '' : x.toFixed(digits));

/** A CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text (ids, reasons): a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
const text = (value: string | null) => (value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function tripCsvLine(r: TripExportRow, iso: (s: number | null) => string = isoInZone('UTC')): string {
  return [
    text(r.id), r.state, iso(r.createdAtS), iso(r.requestedPickupAtS), num(r.origin[0], 6), num(r.origin[1], 6), num(r.destination[0], 6),
    num(r.destination[1], 6), String(r.passengers), String(r.wheelchairs), text(r.vehicleId), iso(r.pickupWindowStartS), iso(r.pickupWindowEndS),
    iso(r.latestArrivalS), iso(r.actualPickupS), iso(r.actualDropoffS), num(r.walkToPickupM), num(r.directDriveS), num(r.directDriveM),
    text(r.rejectReason), text(r.cancelReason),
  ].map(csvField).join(',');
}

/** The whole export, header first, CRLF line ends (RFC 4180). */
export function tripsCsv(rows: readonly TripExportRow[], timeZone = 'UTC'): string {
  const iso = isoInZone(timeZone);
  return [TRIP_CSV_COLUMNS.join(','), ...rows.map((r) => tripCsvLine(r, iso))].join('\r\n') + '\r\n';
}
