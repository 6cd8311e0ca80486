import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import { SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { PHONE } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * What the rider page says is what is true (issue 11, Rider): one real server (HTTP, websockets, PostgreSQL, the
 * built-in router over Songpa, the extract's place names) and one Chromium; each test is one thing a rider saw.
 */
jest.setTimeout(60_000);

let server: LiveServer;
let chromium: Chromium;
const consoleErrors: string[] = [];
const provokedErrors: RegExp[] = [];

async function api<T>(method: string, path: string, body?: unknown, as: Principal = { role: 'operator', subject: 'e2e' }): Promise<T> {
  const headers = { 'content-type': 'application/json', ...(await server.bearer(as)) };
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A rider's phone: a fresh page (its own rider id in localStorage), in the language asked for. */
async function riderPage(lang: 'en' | 'ko' = 'en'): Promise<Page> {
  const page = await chromium.context.newPage();
  watchConsole(page, `rider-${lang}`, consoleErrors, provokedErrors);
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/rider?lang=${lang}`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.url}/rider?lang=${lang}`);
  return page;
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  await api('PUT', '/vehicles/bus-1', { name: 'Songpa 1', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

describe('street search', () => {
  test('Olympic-ro is found', async () => {
    const rider = await riderPage('en');
    await rider.getByTestId('origin-input').fill('Olympic-ro');
    const first = rider.getByTestId('origin-suggestions').getByTestId('place-suggestion').first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toMatch(/올림픽로.*Olympic-ro · Street/);
    // A landmark of the extract, in English, with a typo.
    await rider.getByTestId('destination-input').fill('Olympik Parktel');
    await rider.getByTestId('destination-suggestions').getByTestId('place-suggestion').first().waitFor();
    await expect(rider.getByTestId('destination-suggestions').getByTestId('place-suggestion').first().textContent()).resolves.toMatch(/서울올림픽파크텔.*Place/);
    // Enter picks the first match.
    await rider.getByTestId('destination-input').press('Enter');
    await expect(rider.getByTestId('destination-input').inputValue()).resolves.toBe('서울올림픽파크텔');
    // A long street is placed near where the rider looks, not at its middle: search it again with the map elsewhere.
    await rider.getByTestId('origin-input').press('Enter');
    await expect(rider.getByTestId('origin-input').inputValue()).resolves.toBe('올림픽로');
    await rider.close();
  });

  test('Jamsil-ro is found on the Korean page, in Latin letters typed', async () => {
    const rider = await riderPage('ko');
    await rider.getByTestId('origin-input').fill('Jamsil-ro');
    const first = rider.getByTestId('origin-suggestions').getByTestId('place-suggestion').first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toMatch(/잠실로.*도로/);
    await rider.close();
  });
});
