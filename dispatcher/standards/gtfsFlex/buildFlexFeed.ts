import { type ServiceDescription, WEEKDAYS } from '../ServiceDescription';
import { writeCsv } from './FeedFiles';
import { formatGtfsTime } from './gtfsTime';

/** routes.txt route_type: 3 is a bus (the basic types every consumer reads; 715, demand-responsive bus, is an extension). */
export const FLEX_ROUTE_TYPE = 3;
/** stop_times.txt pickup_type / drop_off_type: 1 none, 2 must phone (book) the agency. */
const NONE = 1;
const BOOK = 2;

/**
 * The service as a GTFS-Flex feed: agency, one route, a trip per zone's hours with two stop_times (pickup window,
 * drop-off window) on the zone's locations.geojson id, calendar and calendar_dates, booking_rules, feed_info.
 * Pure: the caller zips it (zipFeed) or writes it to a folder.
 */
export function buildFlexFeed(service: ServiceDescription): Map<string, string> {
  const files = new Map<string, string>();
  const a = service.agency;
  files.set('agency.txt', writeCsv(['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone'], [
    { agency_id: a.id, agency_name: a.name, agency_url: a.url, agency_timezone: a.timezone, agency_lang: a.lang, agency_phone: a.phone },
  ]));
  files.set('feed_info.txt', writeCsv(['feed_publisher_name', 'feed_publisher_url', 'feed_lang'], [{ feed_publisher_name: a.name, feed_publisher_url: a.url, feed_lang: a.lang ?? 'en' }]));
  files.set('routes.txt', writeCsv(['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'], [
    { route_id: service.routeId, agency_id: a.id, route_long_name: service.routeName, route_type: FLEX_ROUTE_TYPE },
  ]));
  files.set('trips.txt', writeCsv(['route_id', 'service_id', 'trip_id'], service.hours.map((h) => ({ route_id: service.routeId, service_id: h.calendarId, trip_id: h.id }))));
  const stopTimeColumns = ['trip_id', 'location_id', 'stop_sequence', 'start_pickup_drop_off_window', 'end_pickup_drop_off_window', 'pickup_type', 'drop_off_type', 'pickup_booking_rule_id', 'drop_off_booking_rule_id'];
  files.set('stop_times.txt', writeCsv(stopTimeColumns, service.hours.flatMap((h) => {
    const window = { start_pickup_drop_off_window: formatGtfsTime(h.startS), end_pickup_drop_off_window: formatGtfsTime(h.endS) };
    return [
      { trip_id: h.id, location_id: h.zoneId, stop_sequence: 1, ...window, pickup_type: BOOK, drop_off_type: NONE, pickup_booking_rule_id: h.pickupBookingRuleId },
      { trip_id: h.id, location_id: h.toZoneId, stop_sequence: 2, ...window, pickup_type: NONE, drop_off_type: BOOK, drop_off_booking_rule_id: h.dropOffBookingRuleId },
    ];
  })));
  files.set('calendar.txt', writeCsv(['service_id', ...WEEKDAYS, 'start_date', 'end_date'], service.calendars.map((c) => ({
    service_id: c.id,
    ...Object.fromEntries(WEEKDAYS.map((d) => [d, c.days.includes(d) ? 1 : 0])),
    start_date: c.startDate,
    end_date: c.endDate,
  }))));
  const exceptions = service.calendars.flatMap((c) => [
    ...c.addedDates.map((date) => ({ service_id: c.id, date, exception_type: 1 })),
    ...c.removedDates.map((date) => ({ service_id: c.id, date, exception_type: 2 })),
  ]);
  if (exceptions.length > 0) files.set('calendar_dates.txt', writeCsv(['service_id', 'date', 'exception_type'], exceptions));
  files.set('booking_rules.txt', writeCsv(
    ['booking_rule_id', 'booking_type', 'prior_notice_duration_min', 'prior_notice_duration_max', 'prior_notice_last_day', 'prior_notice_last_time', 'prior_notice_start_day', 'prior_notice_start_time', 'prior_notice_service_id', 'message', 'pickup_message', 'drop_off_message', 'phone_number', 'info_url', 'booking_url'],
    service.bookingRules.map((r) => ({
      booking_rule_id: r.id,
      booking_type: r.bookingType,
      prior_notice_duration_min: r.priorNoticeDurationMin,
      prior_notice_duration_max: r.priorNoticeDurationMax,
      prior_notice_last_day: r.priorNoticeLastDay,
      prior_notice_last_time: r.priorNoticeLastTimeS === null ? null : formatGtfsTime(r.priorNoticeLastTimeS),
      prior_notice_start_day: r.priorNoticeStartDay,
      prior_notice_start_time: r.priorNoticeStartTimeS === null ? null : formatGtfsTime(r.priorNoticeStartTimeS),
      prior_notice_service_id: r.priorNoticeServiceId,
      message: r.message,
      pickup_message: r.pickupMessage,
      drop_off_message: r.dropOffMessage,
      phone_number: r.phoneNumber,
      info_url: r.infoUrl,
      booking_url: r.bookingUrl,
    })),
  ));
  files.set('locations.geojson', `${JSON.stringify({
    type: 'FeatureCollection',
    features: service.zones.map((z) => ({ type: 'Feature', id: z.id, properties: { stop_name: z.name }, geometry: z.geometry })),
  }, null, 1)}\n`);
  return files;
}
