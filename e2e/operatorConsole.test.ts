import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { BoardResponse } from '../protocol/board';
import type { TripView } from '../protocol/trips';
import { SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { screenshot } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * The operator console against the real dispatcher: the live board puts each open trip in its column and each
 * vehicle with its next stops, load and lateness, and follows bookings live; the operator starts a shift, adds a
 * vehicle and draws a service area on the map. Screenshots at 1440×900 go to artifacts/e2e.
 */
jest.setTimeout(90_000);

const DESK = { width: 1440, height: 900 };
const BUS_A = 'bus-oa';
const BUS_B = 'bus-ob';
const operator: Principal = { role: 'operator', subject: 'desk-1' };
let server: LiveServer;
let chromium: Chromium;
let page: Page;
const consoleErrors: string[] = [];

async function api<T>(method: string, path: string, body?: unknown, as: Principal = operator): Promise<T> {
  const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(as)) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const row = (tripId: string) => page.locator(`[data-testid=trip-row][data-trip-id="${tripId}"]`);
const vehicleRow = (id: string) => page.locator(`[data-testid=vehicle-row][data-vehicle-id="${id}"]`);

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  const now = Math.floor(Date.now() / 1000);
  await api('PUT', `/vehicles/${BUS_A}`, { name: 'Songpa A', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('PUT', `/vehicles/${BUS_B}`, { name: 'Songpa B', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('POST', `/vehicles/${BUS_A}/shift/start`, { endsAt: now + 4 * 3600, position: SONGPA_OFFICE });
  page = await chromium.context.newPage();
  watchConsole(page, 'operator', consoleErrors);
  await page.setViewportSize(DESK);
  await page.goto(`${server.url}/operator?lang=en`);
  await page.locator('[data-testid=connection][data-status=connected]').waitFor();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe('the live board', () => {
  test('a booked trip appears in the assigned column with its rider and vehicle, and the vehicle lists its stop, load and slack', async () => {
    const trip = await api<TripView>('POST', '/trips', { riderId: 'r-minji', riderName: 'Minji', origin: [127.1004, 37.5117], destination: [127.1121, 37.5152], autoAccept: true });
    expect(trip.vehicleId).toBe(BUS_A);
    // The fleet push on the websocket brings it without a reload.
    await row(trip.id).waitFor();
    await expect(row(trip.id).getAttribute('data-column')).resolves.toBe('assigned');
    await expect(row(trip.id).locator('.trip-row__rider').textContent()).resolves.toBe('Minji');
    await expect(row(trip.id).getByTestId('trip-vehicle').textContent()).resolves.toBe(`Vehicle ${BUS_A}`);
    await expect(page.getByTestId('count-assigned').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('count-all').textContent()).resolves.toBe('1');

    // The board the page shows is the dispatcher's: same columns, same slack.
    const board = await api<BoardResponse>('GET', '/board');
    const onBoard = board.trips.find((t) => t.id === trip.id);
    expect(onBoard).toMatchObject({ column: 'assigned', riderName: 'Minji', vehicleId: BUS_A });
    expect(onBoard!.lateByS).toBeLessThan(0);

    await page.getByTestId('tab-vehicles').click();
    const bus = vehicleRow(BUS_A);
    await expect(bus.getAttribute('data-on-shift')).resolves.toBe('true');
    await expect(bus.locator(`[data-testid=vehicle-stop][data-trip-id="${trip.id}"][data-kind=pickup]`).count()).resolves.toBe(1);
    await expect(bus.getByTestId('vehicle-load').textContent()).resolves.toBe('0/6 seats taken');
    await expect(bus.locator('.lateness').first().textContent()).resolves.toMatch(/^\d+ min to spare$/);
    await expect(vehicleRow(BUS_B).getAttribute('data-on-shift')).resolves.toBe('false');
    await expect(page.locator('[data-testid=map-vehicle]').count()).resolves.toBe(2);
    await page.getByTestId('tab-board').click();
    await screenshot(page, 'operator-board-1440x900');
  });

  test('the search and the column filter narrow the list', async () => {
    const other = await api<TripView>('POST', '/trips', { riderId: 'r-jisoo', riderName: 'Jisoo', origin: [127.1037, 37.5096], destination: [127.1059, 37.5145], autoAccept: true });
    await row(other.id).waitFor();
    await page.getByTestId('trip-search').fill('jisoo');
    await expect(page.getByTestId('trip-row').count()).resolves.toBe(1);
    await expect(page.getByTestId('trip-row').getAttribute('data-trip-id')).resolves.toBe(other.id);
    await page.getByTestId('trip-search').fill('');
    await page.getByTestId('column-late').click();
    await page.getByTestId('no-trips').waitFor();
    await page.getByTestId('column-all').click();
    await expect(page.getByTestId('trip-row').count()).resolves.toBe(2);
  });

  test('the console in Korean names the columns in Korean', async () => {
    await page.getByTestId('language-switch').click();
    await expect(page.getByTestId('column-assigned').locator('.board-column__label').textContent()).resolves.toBe('배차됨');
    await screenshot(page, 'operator-board-ko-1440x900');
    await page.getByTestId('language-switch').click();
    await expect(page.getByTestId('column-assigned').locator('.board-column__label').textContent()).resolves.toBe('Assigned');
  });
});

describe('fleet management', () => {
  test('the operator starts a shift from the console and the vehicle goes on shift', async () => {
    await page.getByTestId('tab-vehicles').click();
    await vehicleRow(BUS_B).getByTestId('vehicle-start-shift').click();
    await page.locator('[data-testid=shift-dialog][open]').waitFor();
    await page.getByTestId('dialog-confirm').click();
    await page.locator(`[data-testid=vehicle-row][data-vehicle-id="${BUS_B}"][data-on-shift=true]`).waitFor();
    const board = await api<BoardResponse>('GET', '/board');
    expect(board.vehicles.find((v) => v.id === BUS_B)?.onShift).toBe(true);
  });

  test('the operator adds a vehicle and edits it', async () => {
    await page.getByTestId('vehicle-add').click();
    await page.getByTestId('vehicle-id').fill('bus-oc');
    await page.getByTestId('vehicle-name').fill('Songpa C');
    await page.getByTestId('vehicle-seats').fill('4');
    await page.getByTestId('dialog-confirm').click();
    await vehicleRow('bus-oc').waitFor();
    await vehicleRow('bus-oc').getByTestId('vehicle-edit').click();
    await expect(page.getByTestId('vehicle-id').getAttribute('readonly')).resolves.toBe('');
    await page.getByTestId('vehicle-seats').fill('5');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('notice').filter({ hasText: 'Vehicle bus-oc saved.' }).waitFor();
    const board = await api<BoardResponse>('GET', '/board');
    expect(board.vehicles.find((v) => v.id === 'bus-oc')).toMatchObject({ name: 'Songpa C', seats: 5, onShift: false });
  });

  test('the operator draws a service area by clicking its corners on the map and saves it', async () => {
    await page.getByTestId('tab-zones').click();
    // The dispatcher starts with one area: the road network's hull.
    await page.getByTestId('zone-row').first().waitFor();
    const before = await page.getByTestId('zone-row').count();
    expect(before).toBe(1);
    await page.getByTestId('zone-draw').click();
    const box = (await page.getByTestId('map').boundingBox())!;
    for (const [dx, dy] of [[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.3, 0.7]] as const) await page.mouse.click(box.x + box.width * dx, box.y + box.height * dy);
    await expect(page.getByTestId('zone-corners').textContent()).resolves.toBe('4 corners');
    await expect(page.getByTestId('zone-corner').count()).resolves.toBe(4);
    await page.getByTestId('zone-name').fill('Jamsil east');
    await screenshot(page, 'operator-zone-drawing-1440x900');
    await page.getByTestId('zone-save').click();
    await page.getByTestId('notice').filter({ hasText: 'Jamsil east' }).waitFor();
    await expect(page.getByTestId('zone-row').count()).resolves.toBe(before + 1);
    const areas = await api<{ features: { properties: { name: string }; geometry: { coordinates: [number, number][][][] } }[] }>('GET', '/service-areas');
    const drawn = areas.features.find((f) => f.properties.name === 'Jamsil east');
    expect(drawn!.geometry.coordinates[0]![0]).toHaveLength(5);
    await page.getByTestId('tab-board').click();
  });
});

test('no console error on the operator console', () => {
  expect(consoleErrors).toEqual([]);
});
