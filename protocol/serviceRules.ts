/**
 * Wire types of the service rules (issue 14 part 2): zones with their hours and limits, the hours a rider page shows,
 * shifts planned ahead, and recurring trips. Times of day are "HH:MM" local to the zone's time zone, dates
 * "YYYY-MM-DD", instants epoch seconds, points [lon, lat].
 */

export const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export const RIDER_GROUP_NAMES = ['wheelchair', 'senior', 'student', 'disabled', 'resident'] as const;
export type RiderGroupName = (typeof RIDER_GROUP_NAMES)[number];

export const ZONE_PAIR_RULE_NAMES = ['allowed', 'not_allowed', 'via_transfer'] as const;
export type ZonePairRuleName = (typeof ZONE_PAIR_RULE_NAMES)[number];

export interface WeeklySpan {
  days: WeekdayName[];
  /** "07:00"; end may be "24:00". */
  start: string;
  end: string;
}

export interface ZoneHoursWire {
  weekly: WeeklySpan[];
  /** Holidays: no service on these dates. */
  closedDates: string[];
  /** Dated exceptions: service added on a date, with its own span. */
  extra: { date: string; start: string; end: string }[];
}

export interface ZonePairWire {
  toZoneId: string;
  rule: ZonePairRuleName;
  /** Where riders change, for via_transfer. */
  transferPoint: [number, number] | null;
}

export interface ZoneView {
  id: string;
  name: string;
  /** 'operator': made through /zones; 'gtfs': from `anystop gtfs import` (changed by the next import only). */
  source: 'gtfs' | 'operator';
  geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
  timezone: string;
  /** null: around the clock. */
  hours: ZoneHoursWire | null;
  /** Tighter than the service's defaults when set. */
  maxWaitS: number | null;
  /** Ride at most alpha · direct + betaS. */
  maxDetour: { alpha: number; betaS: number } | null;
  bookingHorizonS: number | null;
  /** Empty: everyone. */
  eligibleGroups: RiderGroupName[];
  /** Farthest walk to a meeting point (m), default 250. */
  maxWalkM: number;
  pairs: ZonePairWire[];
  serviceAreaId: number | null;
}

/** GET /service-hours: what the rider page shows. */
export interface ServiceHoursView {
  zones: { id: string; name: string; timezone: string; hours: ZoneHoursWire | null }[];
  /** Spans (epoch s) in the coming week when some vehicle is on shift or planned to be, merged. */
  scheduled: { startsAt: number; endsAt: number }[];
}

export interface PlannedShiftView {
  id: number;
  vehicleId: string;
  startsAt: number;
  endsAt: number;
  state: 'planned' | 'active' | 'ended';
  /** Pre-booked trips planned on it. */
  tripIds: string[];
}

export type OccurrenceStatus = 'scheduled' | 'released' | 'skipped' | 'cancelled';

export interface RecurringOccurrenceView {
  date: string;
  leg: 'outbound' | 'return';
  pickupAt: number;
  status: OccurrenceStatus;
  /** The trip released for it, once released. */
  tripId: string | null;
  /** Why it does not run (skipped): the rider's or operator's reason. */
  reason: string | null;
}

export interface RecurringTripView {
  id: string;
  riderId: string;
  origin: [number, number];
  destination: [number, number];
  passengers: number;
  wheelchairs: number;
  days: WeekdayName[];
  pickupTime: string;
  returnTime: string | null;
  timezone: string;
  startDate: string;
  endDate: string | null;
  /** The next occurrences (two weeks), soonest first. */
  upcoming: RecurringOccurrenceView[];
}
