import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import { DEFAULT_POLICY } from '../dispatcher/fleet/DispatchPolicy';
import { MeetingPointSet } from '../dispatcher/meetingPoints/MeetingPointSet';
import type { PlannerMetrics } from '../protocol/metrics';
import type { TripView } from '../protocol/trips';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { PHONE, screenshot } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * A rider met at a meeting point and kept informed (issue 14 §3–4), on the real server and one Chromium: the walk on
 * the map with its minutes, the notifications as the driver reports the ride, the rating after it, which the planner
 * metrics count. One meeting point on 올림픽로 about 115 m from Jamsil station, and a minimum saving far below zero so
 * the dispatcher proposes it whenever it fits: which point saves the bus time is the chooser's unit tests' matter.
 */
jest.setTimeout(90_000);

const MEETING_POINT: [number, number] = [127.10137117, 37.51353553];
const BUS = 'bus-1';
const DRIVER: Principal = { role: 'driver', subject: 'driver-1', vehicleId: BUS };
let server: LiveServer;
let chromium: Chromium;
const consoleErrors: string[] = [];

async function api<T>(method: string, path: string, body?: unknown, as: Principal = { role: 'operator', subject: 'e2e' }): Promise<T> {
  const headers = { 'content-type': 'application/json', ...(await server.bearer(as)) };
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function tap(rider: Page, at: readonly [number, number]): Promise<void> {
  await rider.evaluate((p) => (window as unknown as { anystopRider: { tapMap(l: [number, number]): void } }).anystopRider.tapMap(p), [at[0], at[1]] as [number, number]);
}

beforeAll(async () => {
  buildPages();
  const meetingPoints = new MeetingPointSet([{ id: 'olympic-ro-east', location: MEETING_POINT, source: 'imported', name: '올림픽로' }]);
  [server, chromium] = await Promise.all([startLiveServer({ policy: { ...DEFAULT_POLICY, meetingPointMinSavingS: -24 * 3600 }, meetingPoints }), launchChromium()]);
  await cutOffTiles(chromium.context);
  await api('PUT', `/vehicles/${BUS}`, { name: 'Songpa 1', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('POST', `/vehicles/${BUS}/shift/start`, { endsAt: Math.floor(Date.now() / 1000) + 4 * 3600 }, DRIVER);
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

test('the walk to the meeting point is on the map with its minutes; the rider is told the bus is there and the ride is over, and rates it', async () => {
  const rider = await chromium.context.newPage();
  watchConsole(rider, 'rider', consoleErrors);
  // Browser notifications as the page makes them: a stand-in the test can read (headless Chromium shows none).
  await rider.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    class RecordedNotification {
      static permission: NotificationPermission = 'default';
      static async requestPermission(): Promise<NotificationPermission> {
        RecordedNotification.permission = 'granted';
        return 'granted';
      }
      constructor(_title: string, options?: NotificationOptions) {
        shown.push(options?.body ?? '');
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
  });
  await rider.setViewportSize(PHONE);
  await rider.goto(`${server.url}/rider?lang=en`);
  await rider.evaluate(() => localStorage.clear());
  await rider.goto(`${server.url}/rider?lang=en`);
  // Asked on a tap, never on load.
  await rider.getByTestId('notify-allow').click();
  await expect(rider.getByTestId('notify-status').textContent()).resolves.toBe('Notifications on this device: on');

  await tap(rider, JAMSIL_STATION);
  await tap(rider, OLYMPIC_PARK);
  await rider.getByTestId('find-ride').click();
  await rider.getByTestId('offer').waitFor();
  const offered = await rider.evaluate(() => document.querySelector('[data-testid=offer-walk]')?.textContent ?? '');
  expect(offered).toMatch(/^\d+ m to the meeting point \(about \d+ min\)$/);
  await rider.getByTestId('accept-offer').click();
  await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned]').waitFor();
  const id = await rider.evaluate(() => localStorage.getItem('anystop.currentTrip'));
  const trip = await api<TripView>('GET', `/trips/${id}`);
  expect(trip.pickupPoint).toEqual(MEETING_POINT);
  const walk = trip.walks?.toPickup;
  if (!walk) throw new Error('the trip has no walk to the meeting point');
  expect(walk.meetingPointId).toBe('olympic-ro-east');
  expect(walk.path[0]).toEqual([JAMSIL_STATION[0], JAMSIL_STATION[1]]);
  expect(walk.path[walk.path.length - 1]).toEqual(MEETING_POINT);
  // The window opens no sooner than the rider can have walked there from the booking.
  expect(trip.promisedPickup!.earliestS).toBeGreaterThanOrEqual(trip.requestedPickupAt + walk.durationS - 1);
  // The path is drawn, labelled with the minutes counted in the promise.
  await rider.locator('[data-testid=walk-to-meeting-point]').waitFor();
  await expect(rider.locator('.walk-minutes').first().textContent()).resolves.toBe(`${Math.max(1, Math.ceil(walk.durationS / 60))} min walk`);
  await screenshot(rider, 'rider-meeting-point-walk-phone');

  // The driver reports the ride; each step reaches the rider's page.
  const report = (event: string, location: [number, number]) => api('POST', `/vehicles/${BUS}/stop-events`, { tripId: trip.id, event, location, confirmOffSite: true }, DRIVER);
  await report('arrived_pickup', MEETING_POINT);
  await rider.locator('[data-testid=notice][data-kind=vehicle_at_pickup]').waitFor();
  await expect(rider.locator('[data-testid=notice][data-kind=vehicle_at_pickup]').textContent()).resolves.toMatch(/^Your bus is at the pickup and waits until \d{1,2}:\d{2}/);
  await report('picked_up', MEETING_POINT);
  await report('arrived_dropoff', trip.dropoffPoint!);
  await report('dropped_off', trip.dropoffPoint!);
  await rider.locator('[data-testid=notice][data-kind=trip_summary]').waitFor();
  await expect(rider.locator('[data-testid=notice][data-kind=trip_summary]').textContent()).resolves.toMatch(/^Trip done: picked up at .+, arrived at .+, \d+ min on board, \d+ m on foot$/);
  const shown = await rider.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
  expect(shown.filter((s) => s.startsWith('Your bus is at the pickup'))).toHaveLength(1);
  expect(shown.filter((s) => s.startsWith('Trip done'))).toHaveLength(1);

  // The rating after the ride: no stars is asked again; four stars and a comment are sent and thanked for.
  await rider.locator('[data-testid=trip-state][data-state=completed]').waitFor();
  await rider.getByTestId('rating-submit').click();
  await expect(rider.locator('.rating__note').isVisible()).resolves.toBe(true);
  await rider.getByTestId('rating-star-4').click();
  await rider.getByTestId('rating-comment').fill('Easy to find the bus');
  await rider.getByTestId('rating-submit').click();
  await rider.getByTestId('rating-thanks').waitFor();
  await expect(rider.getByTestId('rating-thanks').textContent()).resolves.toBe('Thank you: you gave this ride 4 of 5 stars.');
  await screenshot(rider, 'rider-rated-phone');
  const metrics = await api<PlannerMetrics>('GET', '/metrics', undefined, { role: 'planner', subject: 'p' });
  expect(metrics.ratings).toEqual({ count: 1, meanStars: 4, byStars: [0, 0, 0, 1, 0] });
  // The planner sees it on the planner page's ratings panel.
  const planner = await chromium.context.newPage();
  watchConsole(planner, 'planner', consoleErrors);
  await planner.setViewportSize({ width: 1440, height: 900 });
  await planner.goto(`${server.url}/planner?lang=en`);
  await planner.getByTestId('ratings-mean').waitFor();
  await expect(planner.getByTestId('ratings-mean').textContent()).resolves.toBe('4.00 of 5');
  await expect(planner.getByTestId('ratings-count').textContent()).resolves.toBe('1');
  await planner.getByTestId('ratings').scrollIntoViewIfNeeded();
  await screenshot(planner, 'planner-ratings-desk');
  await planner.close();
  expect(consoleErrors).toEqual([]);
  await rider.close();
});
