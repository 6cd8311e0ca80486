import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import { DEFAULT_POLICY } from '../dispatcher/fleet/DispatchPolicy';
import { enText } from '../web/shared/i18n/en';
import { ko } from '../web/shared/i18n/ko';
import type { TripView } from '../protocol/trips';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { PHONE, screenshot } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';
import { countNotifications, shownNotifications } from './support/countNotifications';

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
/** The rider's phone and trip, kept from the first test for the map's. */
let rider: Page;
let trip: TripView;
const consoleErrors: string[] = [];

type Point = [number, number];
/** A point `m` metres south of `p`. */
const south = (p: readonly [number, number], m: number): Point => [p[0], Math.round((p[1] - m / 111_320) * 1e6) / 1e6];

/** A GPS report from a bus, as its driver's console sends it. */
async function report(vehicleId: string, location: Point): Promise<void> {
  const driver: Principal = { role: 'driver', subject: `driver-of-${vehicleId}`, vehicleId };
  const res = await fetch(`${server.url}/vehicles/${vehicleId}/position`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await server.bearer(driver)) }, body: JSON.stringify({ location }) });
  if (!res.ok) throw new Error(`position of ${vehicleId}: ${res.status} ${await res.text()}`);
}

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

/** Books Jamsil Station → Olympic Park on the rider page (map taps, accept) and answers the trip's id once it is taken. */
async function bookJamsilToOlympicPark(rider: Page): Promise<string | null> {
  await tap(rider, JAMSIL_STATION);
  await tap(rider, OLYMPIC_PARK);
  await rider.getByTestId('find-ride').click();
  await rider.getByTestId('accept-offer').click();
  await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned]').waitFor();
  return rider.evaluate(() => localStorage.getItem('anystop.currentTrip'));
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
  rider = await chromium.context.newPage();
  watchConsole(rider, 'rider', consoleErrors);
  // The real Notification API (permission granted above), wrapped so the test can read what the page showed.
  await countNotifications(rider);
  await rider.setViewportSize(PHONE);
  await rider.goto(`${server.url}/rider?lang=en`);
  await expect(rider.getByTestId('notify-status').textContent()).resolves.toBe('Notifications on this device: on');

  const id = await bookJamsilToOlympicPark(rider);
  trip = await api<TripView>('GET', `/trips/${id}`);
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
  // The newer word replaces the older: one notice about the bus, the current one.
  await expect(rider.locator('[data-testid=notice][data-kind=vehicle_changed]').count()).resolves.toBe(1);
  await expect(rider.locator('[data-testid=notice][data-kind=vehicle_near]').count()).resolves.toBe(0);

  const shown = await shownNotifications(rider);
  expect(shown.filter((s) => s.startsWith('Your bus changed.'))).toEqual([
    'Your bus changed. New bus: Songpa B · 34나 5678, blue (was Songpa A · 12가 3456, white)',
    'Your bus changed. New bus: Songpa A · 12가 3456, white (was Songpa B · 34나 5678, blue)',
  ]);

  // In Korean the notices on screen say it again in Korean.
  await rider.getByTestId('language-switch').click();
  await expect(rider.locator('[data-testid=notice][data-kind=vehicle_changed]').first().textContent()).resolves.toBe('버스가 바뀌었습니다. 새 버스: Songpa A · 12가 3456, 흰색 (이전: Songpa B · 34나 5678, 파란색)');
  await expect(rider.getByTestId('trip-vehicle').textContent()).resolves.toBe('Songpa A · 12가 3456, 흰색');
  await screenshot(rider, 'rider-vehicle-changed-ko-390x844');
  await rider.getByTestId('language-switch').click();
  expect(consoleErrors).toEqual([]);
});

/** What the test reads off the rider's map: rectangles on screen, and what is painted on top where two overlap. */
interface MapLook {
  map: DOMRectLike;
  sheet: DOMRectLike;
  bus: DOMRectLike | null;
  busLabel: string;
  /** Anonymous buses overlapping a pin of the rider's, and whether the pin is the one on top there. */
  pinOverBus: Array<{ pin: string; onTop: boolean; top: string }>;
  labels: string[];
  overlappingLabels: string[];
}
interface DOMRectLike {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

async function lookAtMap(page: Page): Promise<MapLook> {
  return page.evaluate(() => {
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const overlap = (a: DOMRectLike, b: DOMRectLike) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    const union = (rs: DOMRectLike[]) => ({ left: Math.min(...rs.map((r) => r.left)), top: Math.min(...rs.map((r) => r.top)), right: Math.max(...rs.map((r) => r.right)), bottom: Math.max(...rs.map((r) => r.bottom)) });
    const busEl = document.querySelector('[data-testid=rider-vehicle]');
    const busParts = busEl ? Array.from(busEl.querySelectorAll('.vehicle__body, .vehicle__label')).map((e) => box(e.getBoundingClientRect())).filter((r) => r.right > r.left) : [];
    const pinOverBus: Array<{ pin: string; onTop: boolean; top: string }> = [];
    for (const pin of Array.from(document.querySelectorAll<HTMLElement>('[data-testid^=pin-]'))) {
      const p = box(pin.getBoundingClientRect());
      for (const bus of Array.from(document.querySelectorAll('[data-testid=nearby-vehicle] .vehicle__body'))) {
        const b = box(bus.getBoundingClientRect());
        if (overlap(p, b) < 16) continue;
        const x = (Math.max(p.left, b.left) + Math.min(p.right, b.right)) / 2;
        const y = (Math.max(p.top, b.top) + Math.min(p.bottom, b.bottom)) / 2;
        // Where a pin and an anonymous bus overlap, the bus is not the one painted on top (the pin, or another of the
        // rider's own marks over both, is).
        const top = document.elementFromPoint(x, y);
        pinOverBus.push({ pin: pin.dataset.testid ?? '', onTop: top !== null && !top.closest('[data-testid=nearby-vehicle]'), top: top ? `${top.tagName}.${String(top.getAttribute('class'))}` : 'nothing' });
      }
    }
    const labelEls = Array.from(document.querySelectorAll<HTMLElement>('#map .pin__label, #map .vehicle__label, #map .walk-minutes')).filter((e) => (e.textContent ?? '').trim() !== '' && e.getBoundingClientRect().width > 0);
    const overlappingLabels: string[] = [];
    labelEls.forEach((a, i) =>
      labelEls.slice(i + 1).forEach((b) => {
        if (overlap(box(a.getBoundingClientRect()), box(b.getBoundingClientRect())) > 1) overlappingLabels.push(`${a.textContent} × ${b.textContent}`);
      }),
    );
    return {
      map: box(document.querySelector('#map')!.getBoundingClientRect()),
      sheet: box(document.querySelector('.sheet')!.getBoundingClientRect()),
      bus: busParts.length ? union(busParts) : null,
      busLabel: busEl?.querySelector('.vehicle__label')?.textContent ?? '',
      pinOverBus,
      labels: labelEls.map((e) => e.textContent ?? ''),
      overlappingLabels,
    };
  });
}

test("on a 390×844 phone the rider's pins stay above anonymous buses, no two labels overlap at any zoom, and their bus is never under the bottom sheet", async () => {
  // Pinned to bus A, so neither the re-optimizer nor the risk engine moves it while its buses are moved about.
  await api('POST', `/trips/${trip.id}/pin`);
  await rider.setViewportSize(PHONE);
  // Marker icons are not all clickable; let every one be hit so elementFromPoint tells which is painted on top.
  await rider.addStyleTag({ content: '.leaflet-marker-icon, .leaflet-marker-icon * { pointer-events: auto !important; }' });
  // Bus B, anonymous to this rider, stops 8 m south of their pickup: on screen it overlaps the pickup pin.
  await report(BUS_B, south(trip.pickupPoint!, 8));
  // The rider's bus reports 1.3 km south: outside the view framed around the pins, or under the sheet.
  const far = south(trip.pickupPoint!, 1300);
  await report(BUS_A, far);
  await rider.locator(`[data-testid=rider-vehicle][data-location="${far.join(',')}"]`).waitFor();

  const settledLook = async (what: string, ok: (l: MapLook) => boolean): Promise<MapLook> => {
    let seen = await lookAtMap(rider);
    const deadline = Date.now() + 8000;
    while (!ok(seen) && Date.now() < deadline) {
      await rider.waitForTimeout(250);
      seen = await lookAtMap(rider);
    }
    if (!ok(seen)) throw new Error(`${what}: ${JSON.stringify(seen)}`);
    return seen;
  };
  const inside = (r: DOMRectLike, outer: DOMRectLike) => r.left >= outer.left && r.right <= outer.right && r.top >= outer.top && r.bottom <= outer.bottom;
  const apart = (a: DOMRectLike, b: DOMRectLike) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
  const framed = await settledLook('the rider\'s bus in the visible part of the map', (l) => l.bus !== null && inside(l.bus, l.map) && apart(l.bus, l.sheet) && l.pinOverBus.length > 0);
  // The sheet overlaps the map's bottom edge on a phone: the bus is above it, wholly inside the map.
  expect(framed.sheet.top).toBeLessThan(framed.map.bottom);
  expect(framed.bus!.bottom).toBeLessThanOrEqual(framed.sheet.top);
  expect(framed.busLabel).toBe('Songpa A');
  expect(framed.pinOverBus).toEqual(framed.pinOverBus.map((p) => ({ ...p, onTop: true })));
  await screenshot(rider, 'rider-map-markers-390x844');

  // Zoomed out by hand, step by step: pins crowd together, their labels do not.
  for (let zoomOut = 0; zoomOut <= 3; zoomOut++) {
    if (zoomOut > 0) await rider.locator('.leaflet-control-zoom-out').click();
    const look = await settledLook(`labels apart after ${zoomOut} zoom-outs`, (l) => l.overlappingLabels.length === 0);
    expect(look.labels).toEqual(expect.arrayContaining(['Pickup', 'Drop-off', 'Songpa A']));
    expect(look.pinOverBus).toEqual(look.pinOverBus.map((p) => ({ ...p, onTop: true })));
  }
  await screenshot(rider, 'rider-map-zoomed-out-390x844');
  await rider.close();
  expect(consoleErrors).toEqual([]);
});

describe('the pickup moves', () => {
  /**
   * Its own server, whose promises are tight (the planned pickup ± 1 min) and with one bus: a bus that reports from
   * 3 km away cannot keep the window and no other bus can, so the risk engine moves the promise and tells the rider.
   */
  let tight: LiveServer;
  const BUS_C = 'bus-c';
  const FAR_EAST: Point = [127.1326, 37.52176];

  beforeAll(async () => {
    tight = await startLiveServer({ policy: { ...DEFAULT_POLICY, promiseBeforeS: 60, promiseAfterS: 60 } });
    const call = async (path: string, body: unknown) => {
      const res = await fetch(tight.url + path, { method: path.endsWith('start') ? 'POST' : 'PUT', headers: { 'content-type': 'application/json', ...(await tight.bearer(operator)) }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    await call(`/vehicles/${BUS_C}`, { name: 'Songpa C', plate: '56다 7890', colour: '#16a34a', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
    await call(`/vehicles/${BUS_C}/shift/start`, { endsAt: Math.floor(Date.now() / 1000) + 4 * 3600, position: JAMSIL_STATION });
  }, 90_000);

  afterAll(async () => {
    await tight?.stop();
  });

  test('the bus falls far behind: the rider is told the new pickup time and why, on the page and as a browser notification, in both languages', async () => {
    const page = await chromium.context.newPage();
    watchConsole(page, 'rider-tight', consoleErrors);
    await chromium.context.grantPermissions(['notifications'], { origin: tight.url });
    await countNotifications(page);
    await page.setViewportSize(PHONE);
    await page.goto(`${tight.url}/rider?lang=en`);
    const id = await bookJamsilToOlympicPark(page);
    const before = await (await fetch(`${tight.url}/trips/${id}`, { headers: await tight.bearer(operator) })).json() as TripView;
    expect(before.vehicleId).toBe(BUS_C);

    // The bus reports from 3 km east, minutes from a pickup promised within the next minute or two.
    const driver: Principal = { role: 'driver', subject: 'driver-c', vehicleId: BUS_C };
    const res = await fetch(`${tight.url}/vehicles/${BUS_C}/position`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await tight.bearer(driver)) }, body: JSON.stringify({ location: FAR_EAST }) });
    expect(res.ok).toBe(true);
    const moved = page.locator('[data-testid=notice][data-kind=pickup_moved]');
    await moved.waitFor({ timeout: 20_000 });
    const after = await (await fetch(`${tight.url}/trips/${id}`, { headers: await tight.bearer(operator) })).json() as TripView;
    // The window opens as before and closes later: the rider is told the whole new window.
    expect(after.promisedPickup!.latestS).toBeGreaterThan(before.promisedPickup!.latestS);
    const clock = (s: number, lang: string) => page.evaluate(([t, l]) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' }).format(new Date(Number(t) * 1000)).replace(/\s/g, '\u00a0'), [String(s), lang]);
    const cause = after.promiseMoved?.cause;
    if (!cause) throw new Error('the server moved the promise without a cause');
    // The cause is the risk engine's to name; the page says the one the server gave, in words.
    const newWindow = async (lang: string) => `${await clock(after.promisedPickup!.earliestS, lang)}–${await clock(after.promisedPickup!.latestS, lang)}`;
    const expected = `Your pickup moved: now ${await newWindow('en-GB')} (${enText[`promise.cause.${cause}`]})`;
    await expect(moved.textContent()).resolves.toBe(expected);
    await page.getByTestId('trip-promise-moved').waitFor();
    // "The bus is 1 min away" (told while it waited at the pickup) is gone: it no longer holds.
    await expect(page.locator('[data-testid=notice][data-kind=vehicle_near]').count()).resolves.toBe(0);
    const shown = await shownNotifications(page);
    expect(shown.filter((s) => s.startsWith('Your pickup moved'))).toEqual([expected]);
    await screenshot(page, 'rider-pickup-moved-en-390x844');
    await page.getByTestId('language-switch').click();
    const koCause = ko.text[`promise.cause.${cause}`];
    await expect(moved.textContent()).resolves.toBe(`탑승 시간이 ${await newWindow('ko-KR')}(으)로 바뀌었습니다 (${koCause})`);
    await screenshot(page, 'rider-pickup-moved-ko-390x844');
    await page.close();
    expect(consoleErrors).toEqual([]);
  });
});
