import { z } from 'zod';
import { MAX_PASSENGERS, MAX_PREBOOK_S, MAX_WHEELCHAIRS } from '../../protocol/trips';
import { RIDER_GROUP_NAMES, WEEKDAY_NAMES, ZONE_PAIR_RULE_NAMES } from '../../protocol/serviceRules';
import { isGtfsDate, isTimezone } from '../standards/gtfsFlex/gtfsTime';
import { compactDate, parseClockTime } from '../rules/localTime';
import { lngLatSchema } from './schemas';

/** Bodies of the zone, rider group, planned shift and recurring trip routes, checked at the edge. */

const clockTime = z.string().refine((t) => parseClockTime(t) !== null, 'a local time HH:MM (00:00 to 24:00)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((d) => isGtfsDate(compactDate(d)), 'a real calendar date');
const timezone = z.string().min(1).max(64).refine(isTimezone, 'an IANA time zone such as Asia/Seoul');
const endsAfterStart = (s: { start: string; end: string }) => parseClockTime(s.end)! > parseClockTime(s.start)!;
const weeklySpanSchema = z.object({ days: z.array(z.enum(WEEKDAY_NAMES)).min(1).max(7), start: clockTime, end: clockTime }).strict().refine(endsAfterStart, { message: 'end must be after start', path: ['end'] });
const datedSpanSchema = z.object({ date: isoDate, start: clockTime, end: clockTime }).strict().refine(endsAfterStart, { message: 'end must be after start', path: ['end'] });

const ring = z.array(lngLatSchema).min(4, 'a linear ring needs at least 4 positions').refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a linear ring must end where it starts');
export const zoneGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }).strict(),
]);

export const zoneHoursSchema = z
  .object({
    weekly: z.array(weeklySpanSchema).max(21),
    closedDates: z.array(isoDate).max(400).default([]).describe('holidays: no service on these dates'),
    extra: z.array(datedSpanSchema).max(100).default([]).describe('dated exceptions: service added that date'),
  })
  .strict();

export const zonePairSchema = z
  .object({
    toZoneId: z.string().min(1).max(64),
    rule: z.enum(ZONE_PAIR_RULE_NAMES),
    transferPoint: lngLatSchema.nullable().default(null).describe('where riders change; required for via_transfer'),
  })
  .strict()
  .refine((p) => (p.rule === 'via_transfer') === (p.transferPoint !== null), { message: 'a transfer point goes with via_transfer, and only with it', path: ['transferPoint'] });

const zoneFields = {
  name: z.string().min(1).max(120),
  geometry: zoneGeometrySchema,
  timezone: timezone.optional().describe("the zone's hours are local to it; default: the imported agency's, else UTC"),
  hours: zoneHoursSchema.nullable().default(null).describe('null: around the clock'),
  maxWaitS: z.number().int().min(60).max(7200).nullable().default(null).describe('longest wait after the requested pickup time'),
  maxDetour: z.object({ alpha: z.number().min(1).max(5), betaS: z.number().int().min(0).max(7200) }).strict().nullable().default(null).describe('ride at most alpha · direct + betaS'),
  bookingHorizonS: z.number().int().min(600).max(MAX_PREBOOK_S).nullable().default(null).describe('how far ahead trips may be booked'),
  eligibleGroups: z.array(z.enum(RIDER_GROUP_NAMES)).max(RIDER_GROUP_NAMES.length).default([]).describe('empty: everyone'),
  maxWalkM: z.number().int().min(25).max(2000).default(250).describe('farthest walk to a meeting point in this zone'),
  pairs: z.array(zonePairSchema).max(100).default([]).describe('rules from this zone to others (or to itself)'),
};

export const zoneCreateSchema = z.object({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -').optional(), ...zoneFields }).strict();
export const zoneUpdateSchema = z.object(zoneFields).strict();

export const riderGroupsSchema = z.object({ groups: z.array(z.enum(RIDER_GROUP_NAMES)).max(RIDER_GROUP_NAMES.length) }).strict();

export const plannedShiftSchema = z
  .object({
    startsAt: z.number().int().positive().describe('epoch seconds'),
    endsAt: z.number().int().positive().describe('epoch seconds; the vehicle is back at its depot by then'),
  })
  .strict()
  .refine((s) => s.endsAt > s.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const recurringTripSchema = z
  .object({
    riderId: z.string().min(1).max(64).optional().describe('a rider books for themself; an operator names the rider'),
    riderName: z.string().min(1).max(80).optional(),
    origin: lngLatSchema,
    destination: lngLatSchema,
    passengers: z.number().int().min(1).max(MAX_PASSENGERS).default(1),
    wheelchairs: z.number().int().min(0).max(MAX_WHEELCHAIRS).default(0),
    days: z.array(z.enum(WEEKDAY_NAMES)).min(1).max(7),
    pickupTime: clockTime.describe('local HH:MM of the outbound pickup, e.g. 08:10'),
    returnTime: clockTime.optional().describe('local HH:MM of the return pickup (destination → origin), e.g. 15:30'),
    timezone: timezone.optional().describe("default: the zone's at the origin, else UTC"),
    startDate: isoDate.optional().describe('default: today'),
    endDate: isoDate.optional().describe('default: until cancelled'),
    skipDates: z.array(isoDate).max(400).default([]).describe('days it does not run (holidays, known absences)'),
  })
  .strict()
  .refine((r) => r.returnTime === undefined || parseClockTime(r.returnTime)! > parseClockTime(r.pickupTime)!, { message: 'the return is after the outbound pickup', path: ['returnTime'] })
  .refine((r) => r.endDate === undefined || r.startDate === undefined || r.endDate >= r.startDate, { message: 'endDate is on or after startDate', path: ['endDate'] });

export const occurrenceDateSchema = isoDate;
export const recurringListQuerySchema = z.object({ riderId: z.string().min(1).max(64).optional() }).strict();

export type ZoneCreateInput = z.output<typeof zoneCreateSchema>;
export type ZoneUpdateInput = z.output<typeof zoneUpdateSchema>;
export type PlannedShiftInput = z.output<typeof plannedShiftSchema>;
export type RecurringTripInput = z.output<typeof recurringTripSchema>;
