import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { TripView } from '../protocol/trips';
import { JAMSIL_STATION, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { horizontalOverflowPx, PHONE, screenshot, SCREENSHOT_DIR, TABLET } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';
import { WsTap } from './support/wsTap';

/**
 * The three pages in real headless Chromium against the real dispatcher (HTTP, websockets, PostgreSQL,
 * the built-in router over Seoul Songpa): a rider books and rides, a driver serves the stops, the planner
 * counts the trip. Map tiles are cut off, as on a machine without internet, so the maps draw the router's roads.
 */
jest.setTimeout(60_000);

const VEHICLE = 'bus-7';
let server: LiveServer;
let chromium: Chromium;
let rider: Page;
let driver: Page;
let planner: Page;
let driverLink: WsTap;
const consoleErrors: string[] = [];
/** API errors a test provokes on purpose: Chromium logs their responses as console errors. */
const provokedErrors: RegExp[] = [];
const shots: string[] = [];

type Point = [number, number];
const lerp = (a: readonly [number, number], b: readonly [number, number], t: number): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** The test's own calls, as an operator (vehicles, trips) or a planner (aggregates). */
async function api<T>(method: string, path: string, body?: unknown, as: Principal = { role: 'operator', subject: 'e2e' }): Promise<T> {
  const headers = { 'content-type': 'application/json', ...(await server.bearer(as)) };
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function openPage(name: string, path: string, viewport: { width: number; height: number }, before?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await chromium.context.newPage();
  watchConsole(page, name, consoleErrors, provokedErrors);
  await page.setViewportSize(viewport);
  await before?.(page);
  await page.goto(server.url + path);
  return page;
}

/** Reports a GPS position from the driver console, as the browser's geolocation (or a simulator) would. */
async function drive(to: Point): Promise<void> {
  const sent = await driver.evaluate((p) => {
    const hook = (window as unknown as { anystopDriver?: { reportPosition(location: [number, number]): boolean } }).anystopDriver;
    return hook?.reportPosition(p) ?? false;
  }, to);
  expect(sent).toBe(true);
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function completedCount(): Promise<number> {
  return Number((await planner.getByTestId('kpi-completed-value').textContent())?.replace(/\D/g, '') || '0');
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  await api('PUT', `/vehicles/${VEHICLE}`, { name: 'Songpa 7', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  if (shots.length) process.stderr.write(`\ne2e screenshots (${shots.length}) in ${SCREENSHOT_DIR}\n`);
});

describe('a rider books a trip, a driver serves it, the planner counts it', () => {
  let tripId: string;
  let trip: TripView;

  test('the driver signs in on the tablet and starts a shift over the websocket', async () => {
    let roads: Promise<unknown> = Promise.resolve();
    driver = await openPage('driver', '/driver', TABLET, async (page) => {
      driverLink = await WsTap.attach(page);
      roads = page.waitForResponse((r) => r.url().endsWith('/network.geojson'));
    });
    // The roads arrive while the map is still hidden behind the sign-in form (a map with no size to fit to).
    await roads;
    await driver.waitForTimeout(100);
    await driver.getByTestId('vehicle-id').fill(VEHICLE);
    await driver.getByTestId('sign-in-submit').click();
    await driver.locator('[data-testid=connection][data-status=connected]').waitFor();
    await driver.getByTestId('shift-start').click();
    await driver.locator('[data-testid=shift][data-state=on]').waitFor();
    await expect(driver.getByTestId('next-stop').textContent()).resolves.toMatch(/No stops yet/);
    planner = await openPage('planner', '/planner', TABLET);
    await planner.locator('[data-testid=fleet-vehicle]').waitFor();
    expect(await completedCount()).toBe(0);
  });

  test('1. the rider finds a street, taps the destination, gets an offer and accepts it', async () => {
    rider = await openPage('rider', '/rider', PHONE);
    await rider.getByTestId('origin-input').fill('Seokchon');
    await rider.getByTestId('origin-suggestions').getByTestId('place-suggestion').first().click();
    await expect(rider.getByTestId('origin-input').inputValue()).resolves.toMatch(/석촌/);
    const box = await rider.getByTestId('map').boundingBox();
    if (!box) throw new Error('the rider map has no size');
    await rider.mouse.click(box.x + box.width / 2 + 110, box.y + box.height / 2 + 50);
    await expect(rider.getByTestId('destination-input').inputValue()).resolves.toMatch(/Point on the map/);
    await rider.getByTestId('rider-name').fill('Minji');
    await rider.getByTestId('find-ride').click();
    await rider.getByTestId('offer').waitFor();
    await expect(rider.getByTestId('offer-window').textContent()).resolves.toMatch(/\d\d:\d\d–\d\d:\d\d/);
    await expect(rider.getByTestId('offer-walk').textContent()).resolves.toMatch(/m|None/);
    await expect(rider.getByTestId('offer-arrival').textContent()).resolves.toMatch(/\d\d:\d\d/);
    shots.push(await screenshot(rider, 'rider-offer-phone'));
    await rider.getByTestId('accept-offer').click();
    await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned], [data-testid=trip-state][data-state=arriving]').waitFor();
    tripId = (await rider.evaluate(() => localStorage.getItem('anystop.currentTrip'))) ?? '';
    trip = await api<TripView>('GET', `/trips/${tripId}`);
    expect(trip.vehicleId).toBe(VEHICLE);
  });

  test('2. the driver console shows the new stop, next, with the route to it', async () => {
    const next = driver.locator(`[data-testid=next-stop][data-trip-id="${tripId}"][data-kind=pickup]`);
    await next.waitFor();
    await expect(next.textContent()).resolves.toMatch(/Minji/);
    await expect(driver.getByTestId('manifest-stop').count()).resolves.toBe(2);
    await expect(driver.getByTestId('stop-picked_up').isDisabled()).resolves.toBe(true);
    await drive(lerp(SONGPA_OFFICE, trip.pickupPoint!, 0.5));
    await driver.getByTestId('driver-vehicle').waitFor();
    shots.push(await screenshot(driver, 'driver-next-stop-tablet'));
  });

  test('3. arrived and picked up: the rider is on board and sees the vehicle move', async () => {
    await drive(trip.pickupPoint!);
    await driver.getByTestId('stop-arrived').click();
    await driver.locator('[data-testid=next-stop][data-state=arrived]').waitFor();
    await driver.getByTestId('stop-picked_up').click();
    await driver.locator(`[data-testid=next-stop][data-trip-id="${tripId}"][data-kind=dropoff]`).waitFor();
    await rider.locator('[data-testid=trip-state][data-state=on_board]').waitFor();
    await expect(rider.getByTestId('trip-state').textContent()).resolves.toBe('On board');
    const vehicle = rider.getByTestId('rider-vehicle');
    for (const t of [0.3, 0.6]) {
      const p = lerp(trip.pickupPoint!, trip.dropoffPoint!, t);
      await drive(p);
      await rider.locator(`[data-testid=rider-vehicle][data-location="${p.join(',')}"]`).waitFor();
    }
    await expect(vehicle.count()).resolves.toBe(1);
    shots.push(await screenshot(rider, 'rider-on-board-phone'));
  });

  test('4. dropped off: the rider sees the trip completed and the planner counts it', async () => {
    const before = await completedCount();
    await drive(trip.dropoffPoint!);
    await driver.getByTestId('stop-arrived').click();
    await driver.locator('[data-testid=next-stop][data-state=arrived]').waitFor();
    await driver.getByTestId('stop-dropped_off').click();
    await driver.locator('[data-testid=next-stop].next-stop--none').waitFor();
    await rider.locator('[data-testid=trip-state][data-state=completed]').waitFor();
    await until(async () => (await completedCount()) > before, 'the planner counts the completed trip', 15_000);
    shots.push(await screenshot(planner, 'planner-after-trip-tablet', { fullPage: true }));

    const planning: Principal = { role: 'planner', subject: 'e2e' };
    const csv = await (await fetch(`${server.url}/trips.csv`, { headers: await server.bearer(planning) })).text();
    expect(csv).toContain(tripId);
    expect(csv).not.toContain('Minji');
    const [download] = await Promise.all([planner.waitForEvent('download'), planner.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe('anystop-trips.csv');
    const origins = await api<{ origins: unknown[] }>('GET', '/trips/origins', undefined, planning);
    expect(origins.origins.length).toBeGreaterThanOrEqual(1);
  });
});

describe('second thoughts and mistakes', () => {
  test('a destination that is the origin reads as a sentence; a booked trip can be cancelled and leaves the manifest', async () => {
    await rider.getByTestId('book-another').click();
    await rider.getByTestId('destination-input').fill('Seokchon');
    await rider.getByTestId('destination-suggestions').getByTestId('place-suggestion').first().click();
    provokedErrors.push(/status of 422 .*\/trips$/);
    await rider.getByTestId('find-ride').click();
    await rider.getByTestId('error').waitFor();
    provokedErrors.pop();
    await expect(rider.getByTestId('error').textContent()).resolves.toBe('The destination is where you start. Please choose another destination.');

    // A tap at Jamsil station: far enough from the pickup to be a ride (closer than the minimum ride is TooShort).
    await rider.evaluate((p) => (window as unknown as { anystopRider: { tapMap(l: [number, number]): void } }).anystopRider.tapMap(p), [JAMSIL_STATION[0], JAMSIL_STATION[1]] as [number, number]);
    await rider.getByTestId('find-ride').click();
    await rider.getByTestId('accept-offer').click();
    await rider.getByTestId('cancel-trip').click();
    // Cancelling asks first (issue 11).
    await rider.getByTestId('cancel-confirm-yes').click();
    await rider.locator('[data-testid=trip-state][data-state=cancelled]').waitFor();
    await driver.locator('[data-testid=next-stop].next-stop--none').waitFor();
    await expect(driver.getByTestId('manifest-stop').count()).resolves.toBe(0);
  });
});

describe('the driver console when the link drops', () => {
  test('shows "reconnecting", then resumes from the last seq it saw, and the buttons work again', async () => {
    driverLink.hold();
    await driverLink.drop();
    await driver.locator('[data-testid=banner][data-status=reconnecting]').waitFor();
    await expect(driver.getByTestId('shift-end').isDisabled()).resolves.toBe(true);
    shots.push(await screenshot(driver, 'driver-reconnecting-tablet'));
    driverLink.release();
    await driver.locator('[data-testid=connection][data-status=connected]').waitFor();
    await driver.getByTestId('banner').waitFor({ state: 'hidden' });
    const [first, again] = [driverLink.hellos[0], driverLink.hellos[driverLink.hellos.length - 1]];
    expect(driverLink.hellos.length).toBeGreaterThanOrEqual(2);
    expect(first).toMatchObject({ role: 'driver', vehicleId: VEHICLE });
    expect(first.lastSeq).toBeUndefined();
    expect(again).toMatchObject({ role: 'driver', vehicleId: VEHICLE });
    expect(again.lastSeq).toBeGreaterThan(0);
    await expect(driver.getByTestId('shift-end').isEnabled()).resolves.toBe(true);
  });
});

describe('every page on a phone and a tablet', () => {
  test.each([
    ['rider', () => rider],
    ['driver', () => driver],
    ['planner', () => planner],
  ] as const)('%s fits 390×844 and 1280×800 without sideways scrolling', async (name, page) => {
    for (const [size, viewport] of [['phone', PHONE], ['tablet', TABLET]] as const) {
      await page().setViewportSize(viewport);
      await page().waitForTimeout(300);
      expect(await horizontalOverflowPx(page())).toBeLessThanOrEqual(0);
      shots.push(await screenshot(page(), `${name}-${size}`));
    }
  });

  test('the rider page and the driver console read in Korean after the language switch', async () => {
    await rider.setViewportSize(PHONE);
    await rider.getByTestId('book-another').click();
    await rider.getByTestId('language-switch').click();
    await expect(rider.getByTestId('find-ride').textContent()).resolves.toBe('버스 찾기');
    await expect(rider.evaluate(() => document.documentElement.lang)).resolves.toBe('ko');
    shots.push(await screenshot(rider, 'rider-korean-phone'));
    await driver.setViewportSize(TABLET);
    await driver.getByTestId('language-switch').click();
    await expect(driver.getByTestId('stop-arrived').textContent()).resolves.toBe('도착');
    shots.push(await screenshot(driver, 'driver-korean-tablet'));
  });

  test('no page logged a console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
