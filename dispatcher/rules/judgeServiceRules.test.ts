import { bookingRule } from '../standards/ServiceDescription';
import { judgeServiceRules, withZoneLimits } from './judgeServiceRules';
import { epochOfLocal } from './localTime';
import type { RuleZone, ServiceRules, ZoneHours } from './ServiceRules';

/**
 * Two square zones side by side in Seoul time (UTC+9), A west and B east:
 *
 *     +----+----+
 *     | A  | B  |     A: Mon–Fri 07:00–20:00, closed 2026-12-25, wheelchair riders only in B
 *     +----+----+
 */
const square = (x: number): RuleZone['geometry'] => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const zone = (id: string, x: number, extra: Partial<RuleZone> = {}): RuleZone => ({
  id, name: id, geometry: square(x), source: 'operator', timezone: 'Asia/Seoul', maxWaitS: null, rideFactor: null, rideExtraS: null, bookingHorizonS: null,
  eligibleGroups: [], maxWalkM: 250, serviceAreaId: null, ...extra,
});
const weekdays = (zoneId: string, extra: Partial<ZoneHours> = {}): ZoneHours => ({
  id: `${zoneId}:w0`, zoneId, toZoneId: zoneId, calendarId: `${zoneId}:w0`, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  startDate: '20000101', endDate: '20991231', addedDates: [], removedDates: ['20261225'], startS: 7 * 3600, endS: 20 * 3600, pickupBookingRule: null, ...extra,
});
const IN_A: [number, number] = [0.5, 0.5];
const ALSO_IN_A: [number, number] = [0.2, 0.8];
const IN_B: [number, number] = [1.5, 0.5];
/** Wednesday 2026-12-02 and the days around it, local times in Seoul. */
const at = (date: string, hhmm: string) => epochOfLocal(date, Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60, 'Asia/Seoul');
const NOW = at('20261202', '06:00');

const rules = (over: Partial<ServiceRules> = {}): ServiceRules => ({ zones: [zone('A', 0), zone('B', 1, { eligibleGroups: ['wheelchair'] })], hours: [weekdays('A')], pairs: [], ...over });
const ask = (r: ServiceRules, origin: [number, number], destination: [number, number], pickupAtS: number, riderGroups: string[] = []) =>
  judgeServiceRules(r, { origin, destination, pickupAtS, nowS: NOW, riderGroups });

describe('service rules', () => {
  test('inside A on a Wednesday at 08:10: served, no limits of its own', () => {
    expect(ask(rules(), IN_A, ALSO_IN_A, at('20261202', '08:10'))).toMatchObject({ ok: true, from: { id: 'A' }, to: { id: 'A' }, limits: { maxWaitS: null, rideFactor: null, rideExtraS: null } });
  });

  test.each([
    ['before the buses start (06:59)', at('20261202', '06:59')],
    ['at the end of the span (20:00)', at('20261202', '20:00')],
    ['on a Saturday', at('20261205', '10:00')],
    ['on the holiday 2026-12-25 (a Friday)', at('20261225', '10:00')],
  ])('a pickup %s: OutsideServiceHours', (_, t) => {
    expect(ask(rules(), IN_A, ALSO_IN_A, t)).toMatchObject({ ok: false, reason: 'OutsideServiceHours' });
  });

  test('a dated extra span opens a Saturday', () => {
    const extra: ZoneHours = { ...weekdays('A'), id: 'A:x0', calendarId: 'A:x0', days: [], startDate: '20261205', endDate: '20261205', addedDates: ['20261205'], removedDates: [], startS: 9 * 3600, endS: 12 * 3600 };
    expect(ask(rules({ hours: [weekdays('A'), extra] }), IN_A, ALSO_IN_A, at('20261205', '10:00'))).toMatchObject({ ok: true });
    expect(ask(rules({ hours: [weekdays('A'), extra] }), IN_A, ALSO_IN_A, at('20261205', '13:00'))).toMatchObject({ ok: false, reason: 'OutsideServiceHours' });
  });

  test('A to B without a pair rule or hours for the pair: ZonePairNotServed; allowed by a pair rule, then B’s eligibility applies', () => {
    const t = at('20261202', '10:00');
    expect(ask(rules(), IN_A, IN_B, t)).toMatchObject({ ok: false, reason: 'ZonePairNotServed' });
    const allowed = rules({ pairs: [{ fromZoneId: 'A', toZoneId: 'B', rule: 'allowed', transferPoint: null }] });
    expect(ask(allowed, IN_A, IN_B, t)).toMatchObject({ ok: false, reason: 'NotEligible' });
    expect(ask(allowed, IN_A, IN_B, t, ['wheelchair'])).toMatchObject({ ok: true, from: { id: 'A' }, to: { id: 'B' } });
  });

  test('a pair not allowed, or only via a transfer point: ZonePairNotServed, the message names the transfer point', () => {
    const t = at('20261202', '10:00');
    expect(ask(rules({ pairs: [{ fromZoneId: 'A', toZoneId: 'B', rule: 'not_allowed', transferPoint: null }] }), IN_A, IN_B, t, ['wheelchair'])).toMatchObject({ ok: false, reason: 'ZonePairNotServed' });
    const verdict = ask(rules({ pairs: [{ fromZoneId: 'A', toZoneId: 'B', rule: 'via_transfer', transferPoint: [1, 0.5] }] }), IN_A, IN_B, t, ['wheelchair']);
    expect(verdict).toEqual({ ok: false, reason: 'ZonePairNotServed', message: expect.stringContaining('[1, 0.5]') });
  });

  test('a rider outside the zone’s groups: NotEligible; a senior in a zone for seniors: served', () => {
    const seniors = rules({ zones: [zone('A', 0, { eligibleGroups: ['senior'] })] });
    expect(ask(seniors, IN_A, ALSO_IN_A, at('20261202', '10:00'))).toMatchObject({ ok: false, reason: 'NotEligible' });
    expect(ask(seniors, IN_A, ALSO_IN_A, at('20261202', '10:00'), ['senior'])).toMatchObject({ ok: true });
  });

  test('the zone books 48 h ahead: 37 h ahead is served, 49.5 h and five days ahead are BookingTooFar', () => {
    const r = rules({ zones: [zone('A', 0, { bookingHorizonS: 48 * 3600 })] });
    expect(ask(r, IN_A, ALSO_IN_A, at('20261203', '19:00'))).toMatchObject({ ok: true });
    expect(ask(r, IN_A, ALSO_IN_A, at('20261204', '07:30'))).toMatchObject({ ok: false, reason: 'BookingTooFar' });
    expect(ask(r, IN_A, ALSO_IN_A, at('20261207', '08:00'))).toMatchObject({ ok: false, reason: 'BookingTooFar' });
  });

  test('imported GTFS-Flex booking rules: same-day (type 1) refuses tomorrow, prior-day (type 2, from 1 day before) refuses two days ahead', () => {
    const sameDay = rules({ hours: [weekdays('A', { pickupBookingRule: bookingRule('sd', 1, {}) })] });
    expect(ask(sameDay, IN_A, ALSO_IN_A, at('20261202', '10:00'))).toMatchObject({ ok: true });
    expect(ask(sameDay, IN_A, ALSO_IN_A, at('20261203', '10:00'))).toMatchObject({ ok: false, reason: 'BookingTooFar' });
    const dayBefore = rules({ hours: [weekdays('A', { pickupBookingRule: bookingRule('pd', 2, { priorNoticeStartDay: 1, priorNoticeStartTimeS: 0 }) })] });
    expect(ask(dayBefore, IN_A, ALSO_IN_A, at('20261203', '10:00'))).toMatchObject({ ok: true });
    expect(ask(dayBefore, IN_A, ALSO_IN_A, at('20261204', '10:00'))).toMatchObject({ ok: false, reason: 'BookingTooFar' });
  });

  test('an end outside every rule zone brings no rule; no zones at all: everything passes', () => {
    expect(ask(rules(), [5, 5], [6, 6], at('20261205', '03:00'))).toMatchObject({ ok: true, from: null, to: null });
    expect(ask({ zones: [], hours: [], pairs: [] }, IN_A, IN_B, 0)).toMatchObject({ ok: true });
  });

  test('the tighter of both zones’ max wait and detour tightens the policy, never loosens it', () => {
    const r = rules({ zones: [zone('A', 0, { maxWaitS: 600, rideFactor: 1.3 }), zone('B', 1, { maxWaitS: 300, rideExtraS: 900 })], pairs: [{ fromZoneId: 'A', toZoneId: 'B', rule: 'allowed', transferPoint: null }] });
    const verdict = ask(r, IN_A, IN_B, at('20261202', '10:00'));
    expect(verdict).toMatchObject({ ok: true, limits: { maxWaitS: 300, rideFactor: 1.3, rideExtraS: 900 } });
    if (!verdict.ok) throw new Error('served above');
    expect(withZoneLimits({ maxWaitS: 900, rideFactor: 1.5, rideExtraS: 300 }, verdict.limits)).toEqual({ maxWaitS: 300, rideFactor: 1.3, rideExtraS: 300 });
  });
});
