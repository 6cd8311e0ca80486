/**
 * The published description of the service, as the open standards (GTFS-Flex, GOFS) carry it: where (zones), when
 * (calendars and hours) and how to book (booking rules). The importer fills it from a GTFS-Flex feed and the
 * persistence layer stores it; with nothing imported, it is made from the service areas with default hours and rules.
 * Times of day are seconds after midnight of the service day (GTFS's "noon minus 12h"); dates are YYYYMMDD.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Polygon = { type: 'Polygon'; coordinates: [number, number][][] };
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: [number, number][][][] };

export interface ServiceAgency {
  id: string;
  name: string;
  url: string;
  /** IANA zone, e.g. Asia/Seoul: every time of day in the feed is local to it. */
  timezone: string;
  lang: string | null;
  phone: string | null;
}

export interface ServiceZone {
  /** locations.geojson feature id; GOFS zone_id. */
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export interface ServiceCalendar {
  /** calendar.txt service_id; GOFS calendar_id. */
  id: string;
  days: Weekday[];
  startDate: string;
  endDate: string;
  /** calendar_dates.txt exception_type 1 (service added) and 2 (removed). */
  addedDates: string[];
  removedDates: string[];
}

/** booking_type: 0 real time, 1 same day with advance notice, 2 up to prior day(s). */
export type BookingType = 0 | 1 | 2;

export interface BookingRule {
  id: string;
  bookingType: BookingType;
  priorNoticeDurationMin: number | null;
  priorNoticeDurationMax: number | null;
  priorNoticeLastDay: number | null;
  /** Seconds after midnight. */
  priorNoticeLastTimeS: number | null;
  priorNoticeStartDay: number | null;
  priorNoticeStartTimeS: number | null;
  priorNoticeServiceId: string | null;
  message: string | null;
  pickupMessage: string | null;
  dropOffMessage: string | null;
  phoneNumber: string | null;
  infoUrl: string | null;
  bookingUrl: string | null;
}

/**
 * When the service runs in a zone: pickups in `zoneId` and drop-offs in `toZoneId` between startS and endS on the
 * calendar's days (one GTFS trip with two stop_times carrying the pickup/drop-off window).
 */
export interface ServiceHours {
  /** trips.trip_id. */
  id: string;
  zoneId: string;
  toZoneId: string;
  calendarId: string;
  startS: number;
  endS: number;
  pickupBookingRuleId: string | null;
  dropOffBookingRuleId: string | null;
}

export interface ServiceDescription {
  agency: ServiceAgency;
  /** routes.txt: one route for the whole on-demand service. */
  routeId: string;
  routeName: string;
  zones: ServiceZone[];
  calendars: ServiceCalendar[];
  bookingRules: BookingRule[];
  hours: ServiceHours[];
}

/** A booking rule with every optional field empty. */
export function bookingRule(id: string, bookingType: BookingType, fields: Partial<Omit<BookingRule, 'id' | 'bookingType'>> = {}): BookingRule {
  return {
    id,
    bookingType,
    priorNoticeDurationMin: null,
    priorNoticeDurationMax: null,
    priorNoticeLastDay: null,
    priorNoticeLastTimeS: null,
    priorNoticeStartDay: null,
    priorNoticeStartTimeS: null,
    priorNoticeServiceId: null,
    message: null,
    pickupMessage: null,
    dropOffMessage: null,
    phoneNumber: null,
    infoUrl: null,
    bookingUrl: null,
    ...fields,
  };
}
