import { join } from 'node:path';
import { defaultServiceDescription } from '../defaultServiceDescription';
import { bookingRule, type ServiceDescription } from '../ServiceDescription';
import { buildFlexFeed } from './buildFlexFeed';
import { FeedInvalid, readFeedFrom, unzipFeed, zipFeed } from './FeedFiles';
import { parseFlexFeed } from './parseFlexFeed';
import { validateFlexFeed } from './validateFlexFeed';

const HANDWRITTEN = join(__dirname, '__fixtures__', 'handwritten');
const T0 = 1_780_000_000; // 2026-05-29 05:26 in Seoul

const square = (x: number, y: number, d = 0.02) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]] as [number, number][]] });

/** A service with everything the feeds carry: two zones, a calendar with exceptions, all three booking types. */
function richService(): ServiceDescription {
  return {
    agency: { id: 'songpa', name: 'Songpa DRT', url: 'https://songpa.example.org/', timezone: 'Asia/Seoul', lang: 'ko', phone: '+8221234567' },
    routeId: 'drt',
    routeName: 'Songpa DRT',
    zones: [
      { id: 'jamsil', name: 'Jamsil', geometry: square(127.08, 37.5) },
      { id: 'olympic', name: 'Olympic Park', geometry: { type: 'MultiPolygon', coordinates: [square(127.11, 37.5).coordinates] } },
    ],
    calendars: [
      { id: 'weekdays', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startDate: '20260105', endDate: '20261231', addedDates: [], removedDates: ['20260301', '20261225'] },
      { id: 'weekend', days: ['saturday', 'sunday'], startDate: '20260103', endDate: '20261227', addedDates: ['20261009'], removedDates: [] },
    ],
    bookingRules: [
      bookingRule('now', 0, { message: 'Book in the app, a bus comes, "soon"', phoneNumber: '+8221234567', bookingUrl: 'https://songpa.example.org/book' }),
      bookingRule('same-day', 1, { priorNoticeDurationMin: 30, priorNoticeDurationMax: 720, pickupMessage: 'Wait at the curb' }),
      bookingRule('day-before', 2, { priorNoticeLastDay: 1, priorNoticeLastTimeS: 17 * 3600, priorNoticeStartDay: 7, priorNoticeStartTimeS: 0, priorNoticeServiceId: 'weekdays' }),
    ],
    hours: [
      { id: 'jamsil-weekday', zoneId: 'jamsil', toZoneId: 'jamsil', calendarId: 'weekdays', startS: 6.5 * 3600, endS: 22 * 3600, pickupBookingRuleId: 'now', dropOffBookingRuleId: 'now' },
      { id: 'jamsil-olympic-weekend', zoneId: 'jamsil', toZoneId: 'olympic', calendarId: 'weekend', startS: 9 * 3600, endS: 18 * 3600, pickupBookingRuleId: 'same-day', dropOffBookingRuleId: null },
      { id: 'late-night', zoneId: 'olympic', toZoneId: 'olympic', calendarId: 'weekdays', startS: 22 * 3600, endS: 26 * 3600, pickupBookingRuleId: 'day-before', dropOffBookingRuleId: 'day-before' },
    ],
  };
}

describe('GTFS-Flex export', () => {
  test('a rich service exports a feed the validator finds nothing wrong with, and re-imports to the same zones, hours and rules', () => {
    const service = richService();
    const files = unzipFeed(zipFeed(buildFlexFeed(service)));
    expect([...files.keys()].sort()).toEqual(['agency.txt', 'booking_rules.txt', 'calendar.txt', 'calendar_dates.txt', 'feed_info.txt', 'locations.geojson', 'routes.txt', 'stop_times.txt', 'trips.txt']);
    expect(validateFlexFeed(files)).toEqual([]);
    const back = parseFlexFeed(files);
    expect(back.warnings).toEqual([]);
    expect(back.service).toEqual(service);
  });

  test('the default service (areas, every day all day, real-time booking) is a valid feed with windows instead of arrival times', () => {
    const service = defaultServiceDescription([{ id: 7, name: 'Songpa', geometry: square(127.08, 37.48, 0.08) }], T0, { bookingUrl: 'http://127.0.0.1:8080/rider' });
    const files = buildFlexFeed(service);
    expect(validateFlexFeed(files)).toEqual([]);
    expect(files.get('stop_times.txt')!.split('\r\n').slice(0, 3)).toEqual([
      'trip_id,location_id,stop_sequence,start_pickup_drop_off_window,end_pickup_drop_off_window,pickup_type,drop_off_type,pickup_booking_rule_id,drop_off_booking_rule_id',
      'area-7-daily,area-7,1,00:00:00,24:00:00,2,1,realtime,',
      'area-7-daily,area-7,2,00:00:00,24:00:00,1,2,,realtime',
    ]);
    expect(files.get('calendar.txt')!.split('\r\n')[1]).toBe('daily,1,1,1,1,1,1,1,20260529,20270529');
    expect(parseFlexFeed(files).service).toEqual(service);
  });
});

describe('GTFS-Flex import', () => {
  test('a hand-written feed using every file Anystop reads gives its zones, calendars, rules and hours, and reports what it does not serve', () => {
    const { service, warnings } = parseFlexFeed(readFeedFrom(HANDWRITTEN));
    expect(service.agency).toEqual({ id: 'songpa', name: 'Songpa On-Demand', url: 'https://songpa.example.org/', timezone: 'Asia/Seoul', lang: 'ko', phone: '+8221234567' });
    expect(service.zones.map((z) => [z.id, z.name, z.geometry.type])).toEqual([
      ['jamsil', 'Jamsil', 'Polygon'],
      ['olympic', 'Olympic Park', 'MultiPolygon'],
    ]);
    expect(service.calendars).toEqual([
      { id: 'weekdays', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startDate: '20260105', endDate: '20261231', addedDates: [], removedDates: ['20260301', '20261225'] },
      { id: 'weekend', days: ['saturday', 'sunday'], startDate: '20260103', endDate: '20261227', addedDates: ['20261009'], removedDates: [] },
    ]);
    expect(service.bookingRules).toEqual([
      bookingRule('now', 0, { message: 'Book in the app and a bus comes within 15 minutes', phoneNumber: '+8221234567', infoUrl: 'https://songpa.example.org/info', bookingUrl: 'https://songpa.example.org/book' }),
      bookingRule('same-day', 1, { priorNoticeDurationMin: 30, priorNoticeDurationMax: 720, message: 'Book at least 30 minutes ahead, on the same day', pickupMessage: 'Wait at the curb', dropOffMessage: 'Tell the driver where to stop', phoneNumber: '+8221234567', bookingUrl: 'https://songpa.example.org/book' }),
      bookingRule('day-before', 2, { priorNoticeLastDay: 1, priorNoticeLastTimeS: 17 * 3600, priorNoticeStartDay: 7, priorNoticeStartTimeS: 0, priorNoticeServiceId: 'weekdays', message: 'Book by 17:00 the day before, at most a week ahead', phoneNumber: '+8221234567' }),
    ]);
    expect(service.hours).toEqual([
      { id: 'jamsil-weekday', zoneId: 'jamsil', toZoneId: 'jamsil', calendarId: 'weekdays', startS: 6.5 * 3600, endS: 22 * 3600, pickupBookingRuleId: 'now', dropOffBookingRuleId: 'now' },
      { id: 'jamsil-to-olympic-weekend', zoneId: 'jamsil', toZoneId: 'olympic', calendarId: 'weekend', startS: 9 * 3600, endS: 18 * 3600, pickupBookingRuleId: 'same-day', dropOffBookingRuleId: 'same-day' },
    ]);
    expect(warnings).toEqual([
      'shapes.txt: file not read by Anystop (ignored)',
      'feed_info.txt: field feed_version not read by Anystop (ignored)',
      'routes.txt: field route_color not read by Anystop (ignored)',
      'stop_times.txt:6: trip stations-weekday serves location group stations; Anystop serves zones (locations.geojson) only, trip ignored',
      'location_groups.txt: 1 location groups read but not served (Anystop serves zones, not groups of stops)',
      'stops.txt: 2 stops read but not served as fixed stops (Anystop picks up anywhere in a zone)',
    ].sort((a, b) => warningsOrder(a) - warningsOrder(b)));
  });

  const broken = (edit: (files: Map<string, string>) => void) => {
    const files = readFeedFrom(HANDWRITTEN);
    edit(files);
    try {
      parseFlexFeed(files);
    } catch (e) {
      if (e instanceof FeedInvalid) return { message: e.message, problems: e.problems };
      throw e;
    }
    throw new Error('the broken feed was accepted');
  };

  test.each([
    ['an arrival_time beside a pickup window', (f: Map<string, string>) => f.set('stop_times.txt', 'trip_id,arrival_time,location_id,stop_sequence,start_pickup_drop_off_window,end_pickup_drop_off_window,pickup_type,drop_off_type\njamsil-weekday,06:30:00,jamsil,1,06:30:00,22:00:00,2,1\njamsil-weekday,,jamsil,2,06:30:00,22:00:00,1,2\n'), { file: 'stop_times.txt', line: 2, field: 'arrival_time' }],
    ['a booking rule of type 1 without prior_notice_duration_min', (f: Map<string, string>) => f.set('booking_rules.txt', f.get('booking_rules.txt')!.replace('same-day,1,30,', 'same-day,1,,')), { file: 'booking_rules.txt', line: 3, field: 'prior_notice_duration_min' }],
    ['a zone id that is also a stop id', (f: Map<string, string>) => f.set('stops.txt', f.get('stops.txt')!.replace('jamsil-station,', 'jamsil,')), { file: 'locations.geojson', line: null, field: 'features[0].id' }],
    ['a bow-tie polygon', (f: Map<string, string>) => f.set('locations.geojson', f.get('locations.geojson')!.replace('[127.11, 37.5], [127.11, 37.52], [127.08, 37.52]', '[127.11, 37.52], [127.11, 37.5], [127.08, 37.52]')), { file: 'locations.geojson', line: null, field: 'features[0].geometry' }],
    ['a trip on a calendar that does not exist', (f: Map<string, string>) => f.set('trips.txt', f.get('trips.txt')!.replace('drt,weekend,', 'drt,holidays,')), { file: 'trips.txt', line: 3, field: 'service_id' }],
    ['a missing agency_timezone', (f: Map<string, string>) => f.set('agency.txt', f.get('agency.txt')!.replace(',Asia/Seoul,', ',,')), { file: 'agency.txt', line: 2, field: 'agency_timezone' }],
  ])('%s fails naming the file, line and field', (_what, edit, where) => {
    const { message, problems } = broken(edit as (f: Map<string, string>) => void);
    expect(problems[0]).toMatchObject(where);
    expect(message).toContain(`${where.file}${where.line === null ? '' : `:${where.line}`} ${where.field}:`);
  });

  test('a row with a missing column fails naming its line', () => {
    const { problems } = broken((f) => f.set('calendar.txt', f.get('calendar.txt')!.replace('weekend,0,0,0,0,0,1,1,20260103,20261227', 'weekend,0,0,0,0,0,1,1,20260103')));
    expect(problems).toEqual([{ file: 'calendar.txt', line: 3, field: null, message: 'has 9 values for the 10 columns of the header' }]);
  });
});

/** Warnings come in file order (unknown files, unknown fields by file, then rows); the test lists them by topic. */
function warningsOrder(w: string): number {
  return ['shapes.txt', 'feed_info.txt', 'routes.txt', 'stop_times.txt', 'location_groups.txt', 'stops.txt'].findIndex((f) => w.startsWith(f));
}
