import type { LngLat } from '../../routing/Router';
import type { BookingRule, MultiPolygon, Polygon, Weekday } from '../standards/ServiceDescription';

/**
 * The rules the dispatcher enforces before planning, read from the GTFS-Flex tables (migration 0007) and the operator
 * zones on them (0008): one picture whether a feed was imported or an operator drew the zones. Plain data.
 */

/** Rider groups a zone may be restricted to. */
export const RIDER_GROUPS = ['wheelchair', 'senior', 'student', 'disabled', 'resident'] as const;
export type RiderGroup = (typeof RIDER_GROUPS)[number];

export const ZONE_PAIR_RULES = ['allowed', 'not_allowed', 'via_transfer'] as const;
export type ZonePairRule = (typeof ZONE_PAIR_RULES)[number];

/** Default walk to a meeting point in a zone without its own limit (m). */
export const DEFAULT_ZONE_MAX_WALK_M = 250;

export interface RuleZone {
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  /** 'gtfs': came with an import; 'operator': drawn through /zones. */
  source: 'gtfs' | 'operator';
  /** IANA zone its hours are local to. */
  timezone: string;
  /** Limits tighter than the dispatch policy, when set. */
  maxWaitS: number | null;
  rideFactor: number | null;
  rideExtraS: number | null;
  bookingHorizonS: number | null;
  /** Empty: everyone. */
  eligibleGroups: string[];
  maxWalkM: number;
  /** The service area the zone made (what covers() and the cluster's zone ownership use). */
  serviceAreaId: number | null;
}

/** A span of service from `zoneId` to `toZoneId` on a calendar's days (service_hours joined with its calendar). */
export interface ZoneHours {
  id: string;
  zoneId: string;
  toZoneId: string;
  calendarId: string;
  days: Weekday[];
  /** YYYYMMDD. */
  startDate: string;
  endDate: string;
  addedDates: string[];
  removedDates: string[];
  /** Seconds after midnight of the service day (may pass 24 h, as GTFS allows). */
  startS: number;
  endS: number;
  pickupBookingRule: BookingRule | null;
}

export interface ZonePair {
  fromZoneId: string;
  toZoneId: string;
  rule: ZonePairRule;
  transferPoint: LngLat | null;
}

export interface ServiceRules {
  zones: RuleZone[];
  hours: ZoneHours[];
  pairs: ZonePair[];
}

export const NO_RULES: ServiceRules = Object.freeze({ zones: [], hours: [], pairs: [] }) as ServiceRules;
