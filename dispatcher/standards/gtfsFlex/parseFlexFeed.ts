import { type BookingType, type MultiPolygon, type Polygon, type ServiceCalendar, type ServiceDescription, type ServiceHours, WEEKDAYS, bookingRule } from '../ServiceDescription';
import { type CsvRow, type FeedFiles, FeedInvalid } from './FeedFiles';
import { FLEX_FILES, type FlexFileName, LOCATIONS_FILE, readFlexTables } from './flexTables';
import { parseGtfsTime } from './gtfsTime';
import { validateFlexFeed } from './validateFlexFeed';

export interface FlexImport {
  service: ServiceDescription;
  /** What the feed has that Anystop does not read or support: reported, never dropped silently. */
  warnings: string[];
}

/**
 * Reads a GTFS-Flex feed into the service description: zones from locations.geojson, calendars (with calendar_dates
 * exceptions), booking rules, and the hours of each zone from trips whose stop_times carry pickup/drop-off windows on
 * locations. Validates first: an invalid feed throws FeedInvalid naming file, line and field.
 */
export function parseFlexFeed(files: FeedFiles): FlexImport {
  const tables = readFlexTables(files);
  const problems = validateFlexFeed(files, tables);
  if (problems.length > 0) throw new FeedInvalid(problems);
  const warnings: string[] = [];
  const rows = (name: FlexFileName): CsvRow[] => tables.csv[name]?.rows ?? [];

  for (const name of files.keys()) if (!(name in FLEX_FILES) && name !== LOCATIONS_FILE) warnings.push(`${name}: file not read by Anystop (ignored)`);
  for (const [name, table] of Object.entries(tables.csv) as [FlexFileName, { header: string[] }][]) {
    const read: readonly string[] = FLEX_FILES[name].read;
    for (const field of table.header) if (!read.includes(field)) warnings.push(`${name}: field ${field} not read by Anystop (ignored)`);
  }

  const agencyRow = rows('agency.txt')[0]!.values;
  if (rows('agency.txt').length > 1) warnings.push(`agency.txt: ${rows('agency.txt').length} agencies; only the first (${agencyRow.agency_name}) is kept`);
  const routeRow = rows('routes.txt')[0]!.values;
  if (rows('routes.txt').length > 1) warnings.push(`routes.txt: ${rows('routes.txt').length} routes; all are served as one on-demand service named after ${routeRow.route_id}`);

  const zones = (tables.locations ?? []).map((f) => ({ id: f.id, name: f.name ?? f.id, geometry: f.geometry as Polygon | MultiPolygon }));

  const calendars = new Map<string, ServiceCalendar>();
  for (const { values: v } of rows('calendar.txt')) {
    calendars.set(v.service_id!, { id: v.service_id!, days: WEEKDAYS.filter((d) => v[d] === '1'), startDate: v.start_date!, endDate: v.end_date!, addedDates: [], removedDates: [] });
  }
  for (const { values: v } of rows('calendar_dates.txt')) {
    let c = calendars.get(v.service_id!);
    if (!c) {
      c = { id: v.service_id!, days: [], startDate: v.date!, endDate: v.date!, addedDates: [], removedDates: [] };
      calendars.set(c.id, c);
    }
    if (!rows('calendar.txt').some((r) => r.values.service_id === c.id)) {
      c.startDate = v.date! < c.startDate ? v.date! : c.startDate;
      c.endDate = v.date! > c.endDate ? v.date! : c.endDate;
    }
    (v.exception_type === '1' ? c.addedDates : c.removedDates).push(v.date!);
  }

  const num = (s: string | undefined) => (s ? Number(s) : null);
  const text = (s: string | undefined) => (s ? s : null);
  const time = (s: string | undefined) => (s ? parseGtfsTime(s) : null);
  const bookingRules = rows('booking_rules.txt').map(({ values: v }) =>
    bookingRule(v.booking_rule_id!, Number(v.booking_type) as BookingType, {
      priorNoticeDurationMin: num(v.prior_notice_duration_min),
      priorNoticeDurationMax: num(v.prior_notice_duration_max),
      priorNoticeLastDay: num(v.prior_notice_last_day),
      priorNoticeLastTimeS: time(v.prior_notice_last_time),
      priorNoticeStartDay: num(v.prior_notice_start_day),
      priorNoticeStartTimeS: time(v.prior_notice_start_time),
      priorNoticeServiceId: text(v.prior_notice_service_id),
      message: text(v.message),
      pickupMessage: text(v.pickup_message),
      dropOffMessage: text(v.drop_off_message),
      phoneNumber: text(v.phone_number),
      infoUrl: text(v.info_url),
      bookingUrl: text(v.booking_url),
    }),
  );

  const byTrip = new Map<string, CsvRow[]>();
  for (const r of rows('stop_times.txt')) byTrip.set(r.values.trip_id!, [...(byTrip.get(r.values.trip_id!) ?? []), r]);
  const hours: ServiceHours[] = [];
  for (const { values: trip } of rows('trips.txt')) {
    const stopTimes = (byTrip.get(trip.trip_id!) ?? []).sort((a, b) => Number(a.values.stop_sequence) - Number(b.values.stop_sequence));
    if (stopTimes.length === 0) {
      warnings.push(`trips.txt: trip ${trip.trip_id} has no stop_times (ignored)`);
      continue;
    }
    const unsupported = stopTimes.find((s) => !s.values.location_id);
    if (unsupported) {
      const what = unsupported.values.location_group_id ? `location group ${unsupported.values.location_group_id}` : `fixed stop ${unsupported.values.stop_id}`;
      warnings.push(`stop_times.txt:${unsupported.line}: trip ${trip.trip_id} serves ${what}; Anystop serves zones (locations.geojson) only, trip ignored`);
      continue;
    }
    const pickup = stopTimes.find((s) => s.values.pickup_type !== '1');
    const dropOff = [...stopTimes].reverse().find((s) => s.values.drop_off_type !== '1');
    if (!pickup || !dropOff) {
      warnings.push(`stop_times.txt: trip ${trip.trip_id} allows no pickup or no drop-off (ignored)`);
      continue;
    }
    if (stopTimes.length > 2) warnings.push(`stop_times.txt: trip ${trip.trip_id} has ${stopTimes.length} stop times; Anystop keeps its first pickup window and last drop-off zone`);
    hours.push({
      id: trip.trip_id!,
      zoneId: pickup.values.location_id!,
      toZoneId: dropOff.values.location_id!,
      calendarId: trip.service_id!,
      startS: parseGtfsTime(pickup.values.start_pickup_drop_off_window!)!,
      endS: parseGtfsTime(pickup.values.end_pickup_drop_off_window!)!,
      pickupBookingRuleId: text(pickup.values.pickup_booking_rule_id),
      dropOffBookingRuleId: text(dropOff.values.drop_off_booking_rule_id),
    });
  }
  const groups = rows('location_groups.txt').length;
  if (groups > 0) warnings.push(`location_groups.txt: ${groups} location groups read but not served (Anystop serves zones, not groups of stops)`);
  const stops = rows('stops.txt').length;
  if (stops > 0) warnings.push(`stops.txt: ${stops} stops read but not served as fixed stops (Anystop picks up anywhere in a zone)`);

  return {
    service: {
      agency: {
        id: agencyRow.agency_id || 'agency',
        name: agencyRow.agency_name!,
        url: agencyRow.agency_url!,
        timezone: agencyRow.agency_timezone!,
        lang: text(agencyRow.agency_lang),
        phone: text(agencyRow.agency_phone),
      },
      routeId: routeRow.route_id!,
      routeName: routeRow.route_long_name || routeRow.route_short_name!,
      zones,
      calendars: [...calendars.values()],
      bookingRules,
      hours,
    },
    warnings,
  };
}
