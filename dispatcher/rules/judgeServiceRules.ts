import type { LngLat } from '../../routing/Router';
import type { RejectionReason } from '../../protocol/trips';
import { addDays } from '../standards/gtfsFlex/gtfsTime';
import { zoneOf } from '../standards/zoneOf';
import { epochOfLocal, localMoment, weekdayOf } from './localTime';
import type { RuleZone, ServiceRules, ZoneHours } from './ServiceRules';

export interface RuleQuestion {
  origin: LngLat;
  destination: LngLat;
  pickupAtS: number;
  nowS: number;
  /** The groups the rider belongs to (rider_groups). */
  riderGroups: readonly string[];
}

/** Limits the zones set on a request, tighter than the policy's (null: the policy's own). */
export interface ZoneLimits {
  maxWaitS: number | null;
  rideFactor: number | null;
  rideExtraS: number | null;
}

export type RuleVerdict =
  | { ok: true; from: RuleZone | null; to: RuleZone | null; limits: ZoneLimits }
  | { ok: false; reason: Extract<RejectionReason, 'OutsideServiceHours' | 'ZonePairNotServed' | 'NotEligible' | 'BookingTooFar'>; message: string };

const tightest = (a: number | null | undefined, b: number | null | undefined): number | null => (a == null ? (b ?? null) : b == null ? a : Math.min(a, b));

/** True when the calendar of these hours runs on `date` (YYYYMMDD). */
export function runsOn(h: ZoneHours, date: string): boolean {
  if (h.removedDates.includes(date)) return false;
  if (h.addedDates.includes(date)) return true;
  return date >= h.startDate && date <= h.endDate && h.days.includes(weekdayOf(date));
}

/** True when `epochS` falls inside these hours (a span past midnight counts on the day it started). */
export function inHours(h: ZoneHours, epochS: number, timezone: string): boolean {
  const m = localMoment(epochS, timezone);
  if (runsOn(h, m.date) && m.secondsOfDay >= h.startS && m.secondsOfDay < h.endS) return true;
  const yesterday = addDays(m.date, -1);
  return h.endS > 86400 && runsOn(h, yesterday) && m.secondsOfDay + 86400 >= h.startS && m.secondsOfDay + 86400 < h.endS;
}

/**
 * Whether the booking rule of these hours lets a trip at pickupAtS be booked at nowS (GTFS-Flex booking_type 1: on the
 * day, at most prior_notice_duration_max minutes ahead; 2: from prior_notice_start_day days before). Real-time rules
 * (type 0) set no horizon. Null when allowed, else why not.
 */
function bookingRuleRefuses(h: ZoneHours, pickupAtS: number, nowS: number, timezone: string): string | null {
  const r = h.pickupBookingRule;
  if (!r) return null;
  if (r.bookingType === 1) {
    if (r.priorNoticeDurationMax !== null) {
      return pickupAtS - nowS > r.priorNoticeDurationMax * 60 ? `this service takes bookings at most ${r.priorNoticeDurationMax} minutes ahead` : null;
    }
    return localMoment(pickupAtS, timezone).date !== localMoment(nowS, timezone).date ? 'this service takes bookings on the day of the trip only' : null;
  }
  if (r.bookingType === 2 && r.priorNoticeStartDay !== null) {
    const opensAt = epochOfLocal(addDays(localMoment(pickupAtS, timezone).date, -r.priorNoticeStartDay), r.priorNoticeStartTimeS ?? 0, timezone);
    return nowS < opensAt ? `this service takes bookings from ${r.priorNoticeStartDay} days before the trip` : null;
  }
  return null;
}

/**
 * The service rules on one request (pure), in this order: the zone pair (ZonePairNotServed), the rider's group
 * (NotEligible), the hours at the pickup (OutsideServiceHours), how far ahead (BookingTooFar). An end outside every
 * rule zone (a plain service area) brings no rule of its own.
 */
export function judgeServiceRules(rules: ServiceRules, q: RuleQuestion): RuleVerdict {
  if (rules.zones.length === 0) return { ok: true, from: null, to: null, limits: { maxWaitS: null, rideFactor: null, rideExtraS: null } };
  const from = (zoneOf(q.origin, rules.zones) as RuleZone | null) ?? null;
  const to = (zoneOf(q.destination, rules.zones) as RuleZone | null) ?? null;

  let pairHours: ZoneHours[] = [];
  if (from) {
    const toId = to?.id ?? from.id;
    const pair = rules.pairs.find((p) => p.fromZoneId === from.id && p.toZoneId === toId);
    const exact = rules.hours.filter((h) => h.zoneId === from.id && h.toZoneId === toId);
    if (pair?.rule === 'not_allowed') return { ok: false, reason: 'ZonePairNotServed', message: `No service from ${from.name} to ${to?.name ?? from.name}` };
    if (pair?.rule === 'via_transfer') {
      const [lon, lat] = pair.transferPoint ?? [0, 0];
      return { ok: false, reason: 'ZonePairNotServed', message: `From ${from.name} to ${to?.name ?? from.name} only with a change at the transfer point [${lon}, ${lat}]: book to it` };
    }
    if (!pair && toId !== from.id && exact.length === 0) return { ok: false, reason: 'ZonePairNotServed', message: `No service from ${from.name} to ${to?.name ?? ''}` };
    // An allowed pair without hours of its own runs in the hours of the pickup's zone.
    pairHours = exact.length > 0 ? exact : rules.hours.filter((h) => h.zoneId === from.id && h.toZoneId === from.id);
  }

  for (const z of [from, to]) {
    if (z && z.eligibleGroups.length > 0 && !z.eligibleGroups.some((g) => q.riderGroups.includes(g))) {
      return { ok: false, reason: 'NotEligible', message: `${z.name} serves only riders who are: ${z.eligibleGroups.join(', ')}` };
    }
  }

  let bookingRefusal: string | null = null;
  if (from && pairHours.length > 0) {
    const open = pairHours.filter((h) => inHours(h, q.pickupAtS, from.timezone));
    if (open.length === 0) return { ok: false, reason: 'OutsideServiceHours', message: `The buses in ${from.name} do not run at that time` };
    const refusals = open.map((h) => bookingRuleRefuses(h, q.pickupAtS, q.nowS, from.timezone));
    if (refusals.every((r) => r !== null)) bookingRefusal = refusals[0]!;
  }
  const horizon = tightest(from?.bookingHorizonS, to?.bookingHorizonS);
  if (horizon !== null && q.pickupAtS - q.nowS > horizon) bookingRefusal = `trips here can be booked at most ${Math.floor(horizon / 3600)} h ahead`;
  if (bookingRefusal) return { ok: false, reason: 'BookingTooFar', message: `Too early to book: ${bookingRefusal}` };

  return {
    ok: true,
    from,
    to,
    limits: { maxWaitS: tightest(from?.maxWaitS, to?.maxWaitS), rideFactor: tightest(from?.rideFactor, to?.rideFactor), rideExtraS: tightest(from?.rideExtraS, to?.rideExtraS) },
  };
}

/** The policy with a zone's limits where they are tighter: the promise made on it is tighter too. */
export function withZoneLimits<P extends { maxWaitS: number; rideFactor: number; rideExtraS: number }>(policy: P, limits: ZoneLimits): P {
  if (limits.maxWaitS === null && limits.rideFactor === null && limits.rideExtraS === null) return policy;
  return {
    ...policy,
    maxWaitS: Math.min(policy.maxWaitS, limits.maxWaitS ?? Infinity),
    rideFactor: Math.min(policy.rideFactor, limits.rideFactor ?? Infinity),
    rideExtraS: Math.min(policy.rideExtraS, limits.rideExtraS ?? Infinity),
  };
}
