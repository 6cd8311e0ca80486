import { formatGtfsTime } from '../gtfsFlex/gtfsTime';
import type { ServiceDescription } from '../ServiceDescription';

export const GOFS_VERSION = '1.0';
/** The one service brand Anystop runs: pooled on-demand rides. */
export const BRAND_ID = 'anystop';
export const VEHICLE_TYPE_ID = 'minibus';

/** ttl of each file, seconds: the static description changes when an operator imports rules; the dynamic ones live. */
export const GOFS_TTL_S = Object.freeze({ static: 3600, discovery: 300, dynamic: 0 });

/** The static GOFS files, by their base name (`zones` for zones.json). */
export const GOFS_STATIC_FILES = ['system_information', 'service_brands', 'vehicle_types', 'zones', 'operating_rules', 'calendars', 'fares', 'booking_rules'] as const;
export type GofsStaticFile = (typeof GOFS_STATIC_FILES)[number];
/** The dynamic queries. */
export const GOFS_DYNAMIC_FILES = ['wait_time', 'realtime_booking'] as const;

export interface GofsEnvelope<T> {
  last_updated: number;
  ttl: number;
  version: string;
  data: T;
}

export const envelope = <T>(data: T, lastUpdatedS: number, ttl: number): GofsEnvelope<T> => ({ last_updated: Math.floor(lastUpdatedS), ttl, version: GOFS_VERSION, data });

export interface GofsContext {
  /** Where the files are served: `${baseUrl}/gofs/zones.json`. */
  baseUrl: string;
  /** When the description last changed (an import, a service area). */
  lastUpdatedS: number;
  /** Seats of the largest vehicle, and whether any takes a wheelchair. */
  maxSeats: number;
  wheelchairs: boolean;
}

const DAY = { monday: 'mon', tuesday: 'tue', wednesday: 'wed', thursday: 'thu', friday: 'fri', saturday: 'sat', sunday: 'sun' } as const;
/** GOFS calendars have no added dates: each GTFS exception_type 1 date is a one-day calendar of its own. */
const addedCalendarId = (calendarId: string, date: string) => `${calendarId}-added-${date}`;

/**
 * The static GOFS files (MobilityData GOFS v1.0) for the service: auto-discovery, system information, one service
 * brand and vehicle type, zones, an operating rule per zone's hours, calendars with excepted dates, fares (none
 * modelled: an empty list) and booking rules.
 */
export function buildGofsFiles(service: ServiceDescription, c: GofsContext): { gofs: GofsEnvelope<unknown> } & Record<GofsStaticFile, GofsEnvelope<unknown>> {
  const lang = service.agency.lang ?? 'en';
  const at = c.lastUpdatedS;
  const file = <T>(data: T) => envelope(data, at, GOFS_TTL_S.static);
  const feeds = [...GOFS_STATIC_FILES, ...GOFS_DYNAMIC_FILES].map((name) => ({ name, url: `${c.baseUrl}/gofs/${name}${(GOFS_STATIC_FILES as readonly string[]).includes(name) ? '.json' : ''}` }));
  const calendarsOf = (calendarId: string) => [calendarId, ...(service.calendars.find((k) => k.id === calendarId)?.addedDates ?? []).map((d) => addedCalendarId(calendarId, d))];
  const rules = service.bookingRules.map((r) => {
    const using = service.hours.filter((h) => h.pickupBookingRuleId === r.id || h.dropOffBookingRuleId === r.id);
    return {
      from_zone_ids: [...new Set(using.map((h) => h.zoneId))],
      to_zone_ids: [...new Set(using.map((h) => h.toZoneId))],
      booking_type: r.bookingType,
      ...(r.priorNoticeDurationMin !== null ? { prior_notice_duration_min: r.priorNoticeDurationMin } : {}),
      ...(r.priorNoticeDurationMax !== null ? { prior_notice_duration_max: r.priorNoticeDurationMax } : {}),
      ...(r.priorNoticeLastDay !== null ? { prior_notice_last_day: r.priorNoticeLastDay } : {}),
      ...(r.priorNoticeLastTimeS !== null ? { prior_notice_last_time: formatGtfsTime(r.priorNoticeLastTimeS) } : {}),
      ...(r.priorNoticeStartDay !== null ? { prior_notice_start_day: r.priorNoticeStartDay } : {}),
      ...(r.priorNoticeStartTimeS !== null ? { prior_notice_start_time: formatGtfsTime(r.priorNoticeStartTimeS) } : {}),
      ...(r.priorNoticeServiceId !== null ? { prior_notice_calendar_id: r.priorNoticeServiceId } : {}),
      ...(r.message !== null ? { message: r.message } : {}),
      ...(r.pickupMessage !== null ? { pickup_message: r.pickupMessage } : {}),
      ...(r.dropOffMessage !== null ? { drop_off_message: r.dropOffMessage } : {}),
      ...(r.phoneNumber !== null ? { phone_number: r.phoneNumber } : {}),
      ...(r.infoUrl !== null ? { info_url: r.infoUrl } : {}),
      ...(r.bookingUrl !== null ? { booking_url: r.bookingUrl } : {}),
    };
  });
  return {
    gofs: envelope({ [lang]: { feeds } }, at, GOFS_TTL_S.discovery),
    system_information: file({
      language: lang,
      timezone: service.agency.timezone,
      name: service.agency.name,
      operator: service.agency.name,
      url: service.agency.url,
      ...(service.agency.phone ? { phone_number: service.agency.phone } : {}),
    }),
    service_brands: file({ service_brands: [{ brand_id: BRAND_ID, brand_name: service.routeName }] }),
    vehicle_types: file({ vehicle_types: [{ vehicle_type_id: VEHICLE_TYPE_ID, max_capacity: c.maxSeats, wheelchair_boarding: c.wheelchairs ? 'boarding_accessible' : 'boarding_inaccessible' }] }),
    zones: file({
      zones: { type: 'FeatureCollection', features: service.zones.map((z) => ({ type: 'Feature', zone_id: z.id, properties: { name: z.name }, geometry: z.geometry })) },
    }),
    operating_rules: file({
      operating_rules: service.hours.map((h) => ({
        from_zone_id: h.zoneId,
        to_zone_id: h.toZoneId,
        start_pickup_window: formatGtfsTime(h.startS),
        end_pickup_window: formatGtfsTime(h.endS),
        end_dropoff_window: formatGtfsTime(h.endS),
        calendars: calendarsOf(h.calendarId),
        brand_id: BRAND_ID,
        vehicle_type_id: [VEHICLE_TYPE_ID],
      })),
    }),
    calendars: file({
      calendars: service.calendars.flatMap((k) => [
        { calendar_id: k.id, days: k.days.map((d) => DAY[d]), start_date: k.startDate, end_date: k.endDate, ...(k.removedDates.length > 0 ? { excepted_dates: k.removedDates } : {}) },
        ...k.addedDates.map((d) => ({ calendar_id: addedCalendarId(k.id, d), start_date: d, end_date: d })),
      ]),
    }),
    fares: file({ fares: [] as unknown[] }),
    booking_rules: file({ booking_rules: rules }),
  };
}
