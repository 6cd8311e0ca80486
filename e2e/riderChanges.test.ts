import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { TripView } from '../protocol/trips';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { PHONE, screenshot } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * A rider is told when their trip changes vehicle (issue 11, Rider §7): an operator moves the trip to another bus,
 * then the re-optimizer moves it back; each time the page says which bus to look for now (name, plate, colour in
 * words and as a swatch, never an id), in English and after a switch in Korean, and the browser shows it as a
 * notification (the permission granted through the browser context, the Notification constructor wrapped to count).
 */
jest.setTimeout(90_000);

const BUS_A = 'bus-a';
const BUS_B = 'bus-b';
const operator: Principal = { role: 'operator', subject: 'e2e' };
let server: LiveServer;
let chromium: Chromium;
const consoleErrors: string[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(operator)) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function tap(rider: Page, at: readonly [number, number]): Promise<void> {
  await rider.evaluate((p) => (window as unknown as { anystopRider: { tapMap(l: [number, number]): void } }).anystopRider.tapMap(p), [at[0], at[1]] as [number, number]);
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  await chromium.context.grantPermissions(['notifications'], { origin: server.url });
  const endsAt = Math.floor(Date.now() / 1000) + 4 * 3600;
  await api('PUT', `/vehicles/${BUS_A}`, { name: 'Songpa A', plate: '12가 3456', colour: '#ffffff', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('PUT', `/vehicles/${BUS_B}`, { name: 'Songpa B', plate: '34나 5678', colour: '#1d4ed8', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  // Bus A waits at the rider's pickup; bus B is at the depot, about 700 m away.
  await api('POST', `/vehicles/${BUS_A}/shift/start`, { endsAt, position: JAMSIL_STATION });
  await api('POST', `/vehicles/${BUS_B}/shift/start`, { endsAt, position: SONGPA_OFFICE });
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

test('the trip moves to another bus and back: the rider is told which bus to look for, on the page and as a browser notification', async () => {
  const rider = await chromium.context.newPage();
  watchConsole(rider, 'rider', consoleErrors);
  // The real Notification API (permission granted above), wrapped so the test can read what the page showed.
  await rider.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    class Counted extends Real {
      constructor(title: string, options?: NotificationOptions) {
        shown.push(options?.body ?? '');
        super(title, options);
      }
    }
    Object.defineProperty(Counted, 'permission', { get: () => Real.permission });
    Object.defineProperty(Counted, 'requestPermission', { value: Real.requestPermission.bind(Real) });
    (window as unknown as { Notification: unknown }).Notification = Counted;
  });
  await rider.setViewportSize(PHONE);
  await rider.goto(`${server.url}/rider?lang=en`);
  await expect(rider.getByTestId('notify-status').textContent()).resolves.toBe('Notifications on this device: on');

  await tap(rider, JAMSIL_STATION);
  await tap(rider, OLYMPIC_PARK);
  await rider.getByTestId('find-ride').click();
  await rider.getByTestId('accept-offer').click();
  await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned]').waitFor();
  const id = await rider.evaluate(() => localStorage.getItem('anystop.currentTrip'));
  const trip = await api<TripView>('GET', `/trips/${id}`);
  expect(trip.vehicleId).toBe(BUS_A);
  await expect(rider.getByTestId('trip-vehicle').textContent()).resolves.toBe('Songpa A · 12가 3456, white');

  // An operator moves the trip to bus B (it breaks no promise or, if it does, the reason overrides it).
  await api('POST', `/trips/${trip.id}/assign`, { vehicleId: BUS_B, reason: 'e2e: bus A needs fuel' });
  const toB = rider.locator('[data-testid=notice][data-kind=vehicle_changed]').filter({ hasText: 'Songpa B' });
  await toB.waitFor();
  await expect(toB.textContent()).resolves.toBe('Your bus changed. New bus: Songpa B · 34나 5678, blue (was Songpa A · 12가 3456, white)');
  await expect(toB.locator('.vehicle-swatch').getAttribute('style')).resolves.toBe('background:#1d4ed8');
  await rider.getByTestId('trip-vehicle').filter({ hasText: 'Songpa B · 34나 5678, blue' }).waitFor();
  // Never an id on the page.
  await expect(rider.locator('.sheet, [data-testid=notices]').allTextContents()).resolves.not.toContain(BUS_B);
  expect((await rider.locator('body').textContent()) ?? '').not.toMatch(/bus-[ab]\b/);
  await screenshot(rider, 'rider-vehicle-changed-en-390x844');

  // The re-optimizer brings it back to bus A (waiting at the pickup): told again.
  await until(async () => {
    await server.running.dispatcher.reoptimizer.round(BUS_B, { maxIterations: 200 });
    return (await api<TripView>('GET', `/trips/${trip.id}`)).vehicleId === BUS_A;
  }, 'the re-optimizer moved the trip back to bus A');
  const toA = rider.locator('[data-testid=notice][data-kind=vehicle_changed]').filter({ hasText: 'New bus: Songpa A' });
  await toA.waitFor();
  await expect(toA.textContent()).resolves.toBe('Your bus changed. New bus: Songpa A · 12가 3456, white (was Songpa B · 34나 5678, blue)');
  await rider.getByTestId('trip-vehicle').filter({ hasText: 'Songpa A' }).waitFor();

  const shown = await rider.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
  expect(shown.filter((s) => s.startsWith('Your bus changed.'))).toEqual([
    'Your bus changed. New bus: Songpa B · 34나 5678, blue (was Songpa A · 12가 3456, white)',
    'Your bus changed. New bus: Songpa A · 12가 3456, white (was Songpa B · 34나 5678, blue)',
  ]);

  // In Korean the notices on screen say it again in Korean.
  await rider.getByTestId('language-switch').click();
  await expect(rider.locator('[data-testid=notice][data-kind=vehicle_changed]').first().textContent()).resolves.toBe('버스가 바뀌었습니다. 새 버스: Songpa A · 12가 3456, 흰색 (이전: Songpa B · 34나 5678, 파란색)');
  await expect(rider.getByTestId('trip-vehicle').textContent()).resolves.toBe('Songpa A · 12가 3456, 흰색');
  await screenshot(rider, 'rider-vehicle-changed-ko-390x844');
  await rider.close();
  expect(consoleErrors).toEqual([]);
});
