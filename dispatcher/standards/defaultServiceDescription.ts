import { addDays, localDate } from './gtfsFlex/gtfsTime';
import { type ServiceAgency, type ServiceDescription, type ServiceZone, WEEKDAYS, bookingRule } from './ServiceDescription';

/** What the published feeds say about the operator until an import (or the operator zones of issue 14) says otherwise. */
export const DEFAULT_AGENCY: ServiceAgency = Object.freeze({
  id: 'anystop',
  name: 'Anystop on-demand bus',
  url: 'https://anystop.invalid/',
  timezone: 'Asia/Seoul',
  lang: 'en',
  phone: null,
});

/** How far ahead the default calendar runs. */
export const DEFAULT_CALENDAR_DAYS = 365;
export const DEFAULT_CALENDAR_ID = 'daily';
export const DEFAULT_BOOKING_RULE_ID = 'realtime';

export interface DefaultServiceOptions {
  agency?: Partial<ServiceAgency>;
  /** Where riders book (the rider page); also the booking rule's booking_url. */
  bookingUrl?: string;
}

/**
 * The service as the dispatcher runs it without imported rules: every active service area a zone, every day all day
 * (00:00:00–24:00:00 from today for a year), booked in real time (booking_type 0) on the rider page.
 */
export function defaultServiceDescription(areas: readonly { id: number; name: string; geometry: ServiceZone['geometry'] }[], nowS: number, options: DefaultServiceOptions = {}): ServiceDescription {
  const agency = { ...DEFAULT_AGENCY, ...options.agency };
  const today = localDate(nowS, agency.timezone);
  const zones = areas.map((a) => ({ id: `area-${a.id}`, name: a.name, geometry: a.geometry }));
  return {
    agency,
    routeId: 'anystop-drt',
    routeName: agency.name,
    zones,
    calendars: [{ id: DEFAULT_CALENDAR_ID, days: [...WEEKDAYS], startDate: today, endDate: addDays(today, DEFAULT_CALENDAR_DAYS), addedDates: [], removedDates: [] }],
    bookingRules: [
      bookingRule(DEFAULT_BOOKING_RULE_ID, 0, {
        message: 'Book a ride from any point in the zone to any other, on the rider page; a bus picks you up within minutes.',
        bookingUrl: options.bookingUrl ?? null,
      }),
    ],
    hours: zones.map((z) => ({
      id: `${z.id}-${DEFAULT_CALENDAR_ID}`,
      zoneId: z.id,
      toZoneId: z.id,
      calendarId: DEFAULT_CALENDAR_ID,
      startS: 0,
      endS: 24 * 3600,
      pickupBookingRuleId: DEFAULT_BOOKING_RULE_ID,
      dropOffBookingRuleId: DEFAULT_BOOKING_RULE_ID,
    })),
  };
}
