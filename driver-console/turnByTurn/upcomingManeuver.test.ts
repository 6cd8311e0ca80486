import type { RouteManeuver } from '../../protocol/realtime';
import { routeAhead } from '../routeAhead';
import { OffRouteWatch } from './OffRouteWatch';
import { upcomingManeuver } from './upcomingManeuver';
import { navigationLinks } from './navigationHandoff';

const M_PER_DEG_LAT = 111_195;
/** A route straight north 300 m, then east 200 m: depart, a right turn at 300 m, the arrival at 500 m. */
const start: [number, number] = [127.1, 37.5];
const north = (m: number): [number, number] => [start[0], start[1] + m / M_PER_DEG_LAT];
const corner = north(300);
const east = (m: number): [number, number] => [corner[0] + m / (M_PER_DEG_LAT * Math.cos((corner[1] * Math.PI) / 180)), corner[1]];
const route = [start, corner, east(200)];
const maneuvers: RouteManeuver[] = [
  { type: 'depart', name: 'A-ro', location: start, bearingAfter: 0, atM: 0 },
  { type: 'turn', modifier: 'right', name: 'B-gil', location: corner, bearingAfter: 90, atM: 300 },
  { type: 'arrive', name: 'B-gil', location: east(200), bearingAfter: 0, atM: 500 },
];

describe('the next maneuver as the bus drives', () => {
  test('busAtTheStart_theFirstTurnIsNext_300mAhead', () => {
    const next = upcomingManeuver(maneuvers, routeAhead(route, start).alongM);
    expect(next).toEqual({ maneuver: expect.objectContaining({ type: 'turn' }), inM: expect.closeTo(300, 0) });
  });

  test('bus100mUpTheRoad_theTurnIs200mAhead', () => {
    const next = upcomingManeuver(maneuvers, routeAhead(route, north(100)).alongM);
    expect(next).toEqual({ maneuver: expect.objectContaining({ type: 'turn' }), inM: expect.closeTo(200, 0) });
  });

  test('busPastTheCorner_theArrivalIsNext', () => {
    const ahead = routeAhead(route, east(50));
    expect(ahead.alongM).toBeCloseTo(350, 0);
    const next = upcomingManeuver(maneuvers, ahead.alongM);
    expect(next).toEqual({ maneuver: expect.objectContaining({ type: 'arrive' }), inM: expect.closeTo(150, 0) });
  });

  test('busAtTheStop_theArrivalStaysWithNoDistanceLeft', () => {
    expect(upcomingManeuver(maneuvers, 510)).toEqual({ maneuver: maneuvers[2], inM: 0 });
  });

  test('busBesideTheRoute_saysHowFarOffItIs', () => {
    const beside: [number, number] = [north(100)[0] + 80 / (M_PER_DEG_LAT * Math.cos((37.5 * Math.PI) / 180)), north(100)[1]];
    expect(routeAhead(route, beside).offM).toBeCloseTo(80, 0);
  });
});

describe('leaving the route', () => {
  test('oneStrayFix_isNoDetour_threeInARowAskOnce_aNewRouteStartsAfresh', () => {
    const watch = new OffRouteWatch({ thresholdM: 50, fixes: 3, retryAfterS: 20 });
    expect([watch.observe(80, 0), watch.observe(10, 1), watch.observe(80, 2), watch.observe(80, 3)]).toEqual([false, false, false, false]);
    expect(watch.observe(90, 4)).toBe(true);
    // Still off while the new route is on its way: not asked again before the wait is over, then again.
    expect([watch.observe(95, 5), watch.observe(95, 10)]).toEqual([false, false]);
    expect(watch.observe(95, 25)).toBe(true);
    watch.newRoute();
    expect([watch.observe(95, 26), watch.observe(95, 27), watch.observe(95, 28)]).toEqual([false, false, true]);
  });
});

describe('the hand-off to a navigation app', () => {
  test('each app gets the stop as its documented link names it, latitude first', () => {
    const links = navigationLinks({ location: [127.1121, 37.5152] } as Parameters<typeof navigationLinks>[0], '민지', 'https://bus.example/driver');
    expect(links).toEqual([
      { app: 'geo', href: 'geo:37.5152,127.1121?q=37.5152,127.1121' },
      { app: 'google', href: 'https://www.google.com/maps/dir/?api=1&destination=37.5152,127.1121&travelmode=driving' },
      { app: 'kakao', href: 'https://map.kakao.com/link/to/%EB%AF%BC%EC%A7%80,37.5152,127.1121' },
      { app: 'naver', href: 'nmap://route/car?dlat=37.5152&dlng=127.1121&dname=%EB%AF%BC%EC%A7%80&appname=https%3A%2F%2Fbus.example%2Fdriver' },
    ]);
  });
});
