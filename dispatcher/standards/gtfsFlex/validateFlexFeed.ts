import type { CsvRow, FeedFiles, FeedProblem } from './FeedFiles';
import { FLEX_FILES, type FlexFileName, type FlexTables, LOCATIONS_FILE, readFlexTables } from './flexTables';
import { isGtfsDate, isTimezone, parseGtfsTime } from './gtfsTime';
import { polygonProblems } from './polygonProblems';

/**
 * Checks a GTFS-Flex feed against the rules of the GTFS Schedule reference (with the Flex additions of 2024):
 * required files and fields, unique ids (stop_id, location id and location_group_id share one namespace), references
 * between files, window vs arrival_time exclusivity in stop_times, booking rule conditions, valid polygons in
 * locations.geojson. Every problem names its file, line and field. Empty for a valid feed.
 */
export function validateFlexFeed(files: FeedFiles, tables: FlexTables = readFlexTables(files)): FeedProblem[] {
  const problems: FeedProblem[] = [...tables.problems];
  const add = (file: string, line: number | null, field: string | null, message: string) => problems.push({ file, line, field, message });
  const rows = (name: FlexFileName): CsvRow[] => tables.csv[name]?.rows ?? [];

  for (const name of ['agency.txt', 'routes.txt', 'trips.txt', 'stop_times.txt'] as const) if (!tables.csv[name]) add(name, null, null, 'is required and missing');
  if (!tables.csv['calendar.txt'] && !tables.csv['calendar_dates.txt']) add('calendar.txt', null, null, 'calendar.txt or calendar_dates.txt is required');
  if (!tables.csv['stops.txt'] && !tables.locations) add('stops.txt', null, null, 'is required unless locations.geojson defines the zones');

  // Required fields: the column present and a value in every row.
  for (const [name, spec] of Object.entries(FLEX_FILES) as [FlexFileName, (typeof FLEX_FILES)[FlexFileName]][]) {
    const table = tables.csv[name];
    if (!table) continue;
    for (const field of spec.required) {
      if (!table.header.includes(field)) add(name, 1, field, 'is a required column and missing from the header');
      else for (const r of table.rows) if (r.values[field] === '') add(name, r.line, field, 'is required');
    }
  }

  // One namespace for stops, locations and location groups.
  const placeIds = new Map<string, string>();
  const claim = (id: string, where: string, file: string, line: number | null, field: string) => {
    const seen = placeIds.get(id);
    if (seen) add(file, line, field, `"${id}" is already used by ${seen}: ids must be unique across stops, locations and location groups`);
    else placeIds.set(id, where);
  };
  for (const r of rows('stops.txt')) if (r.values.stop_id) claim(r.values.stop_id, `stops.txt line ${r.line}`, 'stops.txt', r.line, 'stop_id');
  for (const f of tables.locations ?? []) claim(f.id, `${LOCATIONS_FILE} features[${f.index}]`, LOCATIONS_FILE, null, `features[${f.index}].id`);
  for (const r of rows('location_groups.txt')) if (r.values.location_group_id) claim(r.values.location_group_id, `location_groups.txt line ${r.line}`, 'location_groups.txt', r.line, 'location_group_id');

  const unique = (name: FlexFileName, field: string) => {
    const seen = new Map<string, number>();
    for (const r of rows(name)) {
      const v = r.values[field];
      if (!v) continue;
      if (seen.has(v)) add(name, r.line, field, `"${v}" repeats line ${seen.get(v)}`);
      else seen.set(v, r.line);
    }
    return new Set(seen.keys());
  };
  const routeIds = unique('routes.txt', 'route_id');
  const tripIds = unique('trips.txt', 'trip_id');
  const ruleIds = unique('booking_rules.txt', 'booking_rule_id');
  const calendarIds = unique('calendar.txt', 'service_id');
  const agencyIds = unique('agency.txt', 'agency_id');
  const serviceIds = new Set([...calendarIds, ...rows('calendar_dates.txt').map((r) => r.values.service_id)]);
  const locationIds = new Set((tables.locations ?? []).map((f) => f.id));
  const stopIds = new Set(rows('stops.txt').map((r) => r.values.stop_id));
  const groupIds = new Set(rows('location_groups.txt').map((r) => r.values.location_group_id));

  for (const r of rows('agency.txt')) {
    if (r.values.agency_timezone && !isTimezone(r.values.agency_timezone)) add('agency.txt', r.line, 'agency_timezone', `"${r.values.agency_timezone}" is not an IANA time zone`);
    if (r.values.agency_url && !isUrl(r.values.agency_url)) add('agency.txt', r.line, 'agency_url', 'must be a fully qualified http(s) URL');
  }
  if (rows('agency.txt').length > 1) for (const r of rows('agency.txt')) if (!r.values.agency_id) add('agency.txt', r.line, 'agency_id', 'is required when the feed has several agencies');
  for (const r of rows('routes.txt')) {
    if (!r.values.route_short_name && !r.values.route_long_name) add('routes.txt', r.line, 'route_short_name', 'route_short_name or route_long_name is required');
    if (r.values.route_type && !/^\d+$/.test(r.values.route_type)) add('routes.txt', r.line, 'route_type', 'must be a route type number');
    if (r.values.agency_id && !agencyIds.has(r.values.agency_id)) add('routes.txt', r.line, 'agency_id', `"${r.values.agency_id}" is not in agency.txt`);
  }
  for (const r of rows('trips.txt')) {
    if (r.values.route_id && !routeIds.has(r.values.route_id)) add('trips.txt', r.line, 'route_id', `"${r.values.route_id}" is not in routes.txt`);
    if (r.values.service_id && !serviceIds.has(r.values.service_id)) add('trips.txt', r.line, 'service_id', `"${r.values.service_id}" is not in calendar.txt or calendar_dates.txt`);
  }
  for (const r of rows('calendar.txt')) {
    for (const d of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']) if (r.values[d] && !/^[01]$/.test(r.values[d]!)) add('calendar.txt', r.line, d, 'must be 0 or 1');
    for (const f of ['start_date', 'end_date']) if (r.values[f] && !isGtfsDate(r.values[f]!)) add('calendar.txt', r.line, f, `"${r.values[f]}" is not a date (YYYYMMDD)`);
    if (isGtfsDate(r.values.start_date ?? '') && isGtfsDate(r.values.end_date ?? '') && r.values.end_date! < r.values.start_date!) add('calendar.txt', r.line, 'end_date', 'is before start_date');
  }
  for (const r of rows('calendar_dates.txt')) {
    if (r.values.date && !isGtfsDate(r.values.date)) add('calendar_dates.txt', r.line, 'date', `"${r.values.date}" is not a date (YYYYMMDD)`);
    if (r.values.exception_type && !/^[12]$/.test(r.values.exception_type)) add('calendar_dates.txt', r.line, 'exception_type', 'must be 1 (added) or 2 (removed)');
  }
  for (const r of rows('booking_rules.txt')) checkBookingRule(r, serviceIds, add);
  for (const r of rows('location_group_stops.txt')) {
    if (r.values.location_group_id && !groupIds.has(r.values.location_group_id)) add('location_group_stops.txt', r.line, 'location_group_id', `"${r.values.location_group_id}" is not in location_groups.txt`);
    if (r.values.stop_id && !stopIds.has(r.values.stop_id)) add('location_group_stops.txt', r.line, 'stop_id', `"${r.values.stop_id}" is not in stops.txt`);
  }
  for (const r of rows('stop_times.txt')) checkStopTime(r, { tripIds, stopIds, locationIds, groupIds, ruleIds }, add);
  for (const f of tables.locations ?? []) for (const p of polygonProblems(f.geometry)) add(LOCATIONS_FILE, null, `features[${f.index}].geometry`, `zone "${f.id}": ${p}`);
  return problems;
}

type Add = (file: string, line: number | null, field: string | null, message: string) => void;

function isUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const isCount = (v: string) => /^\d+$/.test(v);

function checkBookingRule(r: CsvRow, serviceIds: ReadonlySet<string>, add: Add): void {
  const v = r.values;
  const file = 'booking_rules.txt';
  const has = (f: string) => (v[f] ?? '') !== '';
  const forbid = (f: string, why: string) => has(f) && add(file, r.line, f, `is forbidden ${why}`);
  const require = (f: string, why: string) => !has(f) && add(file, r.line, f, `is required ${why}`);
  if (has('booking_type') && !/^[012]$/.test(v.booking_type!)) return void add(file, r.line, 'booking_type', 'must be 0 (real time), 1 (same day with notice) or 2 (prior days)');
  for (const f of ['prior_notice_duration_min', 'prior_notice_duration_max', 'prior_notice_last_day', 'prior_notice_start_day']) if (has(f) && !isCount(v[f]!)) add(file, r.line, f, 'must be a whole number');
  for (const f of ['prior_notice_last_time', 'prior_notice_start_time']) if (has(f) && parseGtfsTime(v[f]!) === null) add(file, r.line, f, 'must be a time HH:MM:SS');
  for (const f of ['info_url', 'booking_url']) if (has(f) && !isUrl(v[f]!)) add(file, r.line, f, 'must be a fully qualified http(s) URL');
  const type = v.booking_type;
  if (type === '1') require('prior_notice_duration_min', 'for booking_type=1');
  else forbid('prior_notice_duration_min', 'unless booking_type=1');
  if (type !== '1') forbid('prior_notice_duration_max', 'unless booking_type=1');
  if (type === '2') require('prior_notice_last_day', 'for booking_type=2');
  else forbid('prior_notice_last_day', 'unless booking_type=2');
  if (has('prior_notice_last_day')) require('prior_notice_last_time', 'when prior_notice_last_day is set');
  else forbid('prior_notice_last_time', 'without prior_notice_last_day');
  if (type === '0') forbid('prior_notice_start_day', 'for booking_type=0');
  if (type === '1' && has('prior_notice_duration_max')) forbid('prior_notice_start_day', 'for booking_type=1 with prior_notice_duration_max');
  if (has('prior_notice_start_day')) require('prior_notice_start_time', 'when prior_notice_start_day is set');
  else forbid('prior_notice_start_time', 'without prior_notice_start_day');
  if (type !== '2') forbid('prior_notice_service_id', 'unless booking_type=2');
  if (has('prior_notice_service_id') && !serviceIds.has(v.prior_notice_service_id!)) add(file, r.line, 'prior_notice_service_id', `"${v.prior_notice_service_id}" is not a service_id`);
  if (has('prior_notice_duration_min') && has('prior_notice_duration_max') && Number(v.prior_notice_duration_max) < Number(v.prior_notice_duration_min)) {
    add(file, r.line, 'prior_notice_duration_max', 'is less than prior_notice_duration_min');
  }
}

interface StopTimeRefs {
  tripIds: ReadonlySet<string>;
  stopIds: ReadonlySet<string>;
  locationIds: ReadonlySet<string>;
  groupIds: ReadonlySet<string>;
  ruleIds: ReadonlySet<string>;
}

function checkStopTime(r: CsvRow, refs: StopTimeRefs, add: Add): void {
  const v = r.values;
  const file = 'stop_times.txt';
  const has = (f: string) => (v[f] ?? '') !== '';
  if (has('trip_id') && !refs.tripIds.has(v.trip_id!)) add(file, r.line, 'trip_id', `"${v.trip_id}" is not in trips.txt`);
  if (has('stop_sequence') && !isCount(v.stop_sequence!)) add(file, r.line, 'stop_sequence', 'must be a whole number');
  const places = (['stop_id', 'location_group_id', 'location_id'] as const).filter(has);
  if (places.length !== 1) add(file, r.line, places[1] ?? 'stop_id', 'exactly one of stop_id, location_group_id and location_id is required');
  if (has('stop_id') && !refs.stopIds.has(v.stop_id!)) add(file, r.line, 'stop_id', `"${v.stop_id}" is not in stops.txt`);
  if (has('location_id') && !refs.locationIds.has(v.location_id!)) add(file, r.line, 'location_id', `"${v.location_id}" is not a feature id in locations.geojson`);
  if (has('location_group_id') && !refs.groupIds.has(v.location_group_id!)) add(file, r.line, 'location_group_id', `"${v.location_group_id}" is not in location_groups.txt`);
  const windowed = has('start_pickup_drop_off_window') || has('end_pickup_drop_off_window');
  if (windowed) {
    for (const f of ['start_pickup_drop_off_window', 'end_pickup_drop_off_window']) if (!has(f)) add(file, r.line, f, 'is required when the other window field is set');
    for (const f of ['arrival_time', 'departure_time']) if (has(f)) add(file, r.line, f, 'is forbidden when a pickup/drop-off window is set');
    if (v.pickup_type === '0' || v.pickup_type === '3') add(file, r.line, 'pickup_type', `${v.pickup_type} is forbidden with a pickup/drop-off window`);
    if (v.drop_off_type === '0') add(file, r.line, 'drop_off_type', '0 is forbidden with a pickup/drop-off window');
  } else if (has('location_id') || has('location_group_id')) {
    add(file, r.line, 'start_pickup_drop_off_window', 'is required for a stop time at a location or location group');
  }
  for (const f of ['arrival_time', 'departure_time', 'start_pickup_drop_off_window', 'end_pickup_drop_off_window']) if (has(f) && parseGtfsTime(v[f]!) === null) add(file, r.line, f, `"${v[f]}" is not a time HH:MM:SS`);
  const start = parseGtfsTime(v.start_pickup_drop_off_window ?? '');
  const end = parseGtfsTime(v.end_pickup_drop_off_window ?? '');
  if (start !== null && end !== null && end <= start) add(file, r.line, 'end_pickup_drop_off_window', 'must be after start_pickup_drop_off_window');
  for (const f of ['pickup_type', 'drop_off_type']) if (has(f) && !/^[0-3]$/.test(v[f]!)) add(file, r.line, f, 'must be 0, 1, 2 or 3');
  for (const f of ['pickup_booking_rule_id', 'drop_off_booking_rule_id']) if (has(f) && !refs.ruleIds.has(v[f]!)) add(file, r.line, f, `"${v[f]}" is not in booking_rules.txt`);
}
