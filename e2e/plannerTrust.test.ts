import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { TripView } from '../protocol/trips';
import { SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { screenshot, TABLET } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * The planner dashboard says what is true: charts on a time axis with each interval's own counts, every
 * KPI with its definition and sample size (a share of a handful of trips is "n = 4", never "75 %"), the
 * CSV's times with their offset, and a per-hour table over today or chosen days. Four trips are booked
 * (three taken by the bus, one from outside the service area refused) before the page opens.
 */
jest.setTimeout(60_000);

const VEHICLE = 'bus-p';
let server: LiveServer;
let chromium: Chromium;
let planner: Page;
let startS: number;
const consoleErrors: string[] = [];
const operator: Principal = { role: 'operator', subject: 'e2e' };

async function call(method: string, path: string, body?: unknown, as: Principal = operator): Promise<Response> {
  return fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(as)) }, body: body === undefined ? undefined : JSON.stringify(body) });
}

interface ChartData {
  axis: string | undefined;
  minS: number;
  maxS: number;
  stepS: number;
  values: (number | null)[][];
  summary: string;
}

async function chart(id: string): Promise<ChartData> {
  const card = planner.locator(`[data-testid=chart-${id}][data-axis]`);
  await card.waitFor();
  const d = await card.evaluate((n: HTMLElement) => ({ ...n.dataset }));
  return {
    axis: d.axis,
    minS: Number(d.axisMinS),
    maxS: Number(d.axisMaxS),
    stepS: Number(d.stepS),
    values: JSON.parse(d.values ?? '[]') as (number | null)[][],
    summary: (await card.getByTestId('chart-summary').textContent()) ?? '',
  };
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  startS = Math.floor(Date.now() / 1000);
  expect((await call('PUT', `/vehicles/${VEHICLE}`, { name: 'Songpa P', seats: 8, wheelchairPlaces: 1, depot: SONGPA_OFFICE })).ok).toBe(true);
  expect((await call('POST', `/vehicles/${VEHICLE}/shift/start`, { endsAt: startS + 4 * 3600, position: SONGPA_OFFICE })).ok).toBe(true);
  const near: [number, number][] = [[127.1004, 37.5117], [127.1102, 37.5081], [127.1031, 37.5172]];
  for (const [k, origin] of near.entries()) {
    const res = await call('POST', '/trips', { riderId: `r${k}`, riderName: `Rider${k}`, origin, destination: [127.1121, 37.5152], autoAccept: true });
    const trip = (await res.json()) as TripView;
    expect(trip.vehicleId).toBe(VEHICLE);
  }
  const far = await call('POST', '/trips', { riderId: 'r9', origin: [126.9, 37.3], destination: [127.1121, 37.5152], autoAccept: true });
  expect(((await far.json()) as TripView).state).toBe('rejected');
  planner = await chromium.context.newPage();
  watchConsole(planner, 'planner', consoleErrors);
  await planner.setViewportSize(TABLET);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe('the planner dashboard on a time axis', () => {
  test("the chart's x axis is time: Last 24 h spans the whole day, each hour counts its own requests", async () => {
    await planner.goto(`${server.url}/planner?range=day&lang=en`);
    await planner.locator('[data-testid=kpi-requests-value]', { hasText: '4' }).waitFor();
    const demand = await chart('demand');
    const nowS = Math.floor(Date.now() / 1000);
    expect(demand.axis).toBe('time');
    expect(demand.stepS).toBe(3600);
    expect(demand.maxS - demand.minS).toBeGreaterThanOrEqual(86_400);
    expect(demand.minS).toBeLessThanOrEqual(nowS - 86_400);
    expect(demand.maxS).toBeGreaterThanOrEqual(nowS - 5);
    // Counts per interval: the four requests sit in one hour, not repeated as a running total in the later points.
    const requests = demand.values[0];
    expect(requests.length).toBeGreaterThanOrEqual(24);
    expect(requests.reduce<number>((a, v) => a + (v ?? 0), 0)).toBe(4);
    expect(Math.max(...requests.map((v) => v ?? 0))).toBe(4);
    expect(demand.summary).toMatch(/Requests: 4 in all, most 4 at \d\d:\d\d\./);
  });

  test('today starts where the service started (the hour of the first shift), not at midnight', async () => {
    await planner.getByTestId('range-today').click();
    await planner.locator('[data-testid=chart-demand][data-step-s="3600"]').waitFor();
    await planner.waitForFunction((expected) => document.querySelector<HTMLElement>('[data-testid=chart-demand]')?.dataset.axisMinS === String(expected), Math.floor(startS / 3600) * 3600);
    const demand = await chart('demand');
    expect(demand.minS).toBe(Math.floor(startS / 3600) * 3600);
    expect(demand.values[0].reduce<number>((a, v) => a + (v ?? 0), 0)).toBe(4);
  });
});

describe('every KPI says what it is and what it stands on', () => {
  test('a definition on every card, its n, and a share of 4 requests shown as "n = 4", agreeing with "accepted"', async () => {
    const cards = planner.locator('[data-testid=kpis] > article');
    expect(await cards.count()).toBe(17);
    const titles = await cards.evaluateAll((ns) => ns.map((n) => n.getAttribute('title') ?? ''));
    expect(titles.filter((t) => t.length < 20)).toEqual([]);
    await expect(planner.getByTestId('kpi-share-served-value').textContent()).resolves.toBe('n = 4');
    await expect(planner.getByTestId('kpi-share-served').textContent()).resolves.toContain('3 of 4 accepted');
    await expect(planner.getByTestId('kpi-requests').textContent()).resolves.toContain('3 accepted');
    await expect(planner.getByTestId('kpi-share-served-sample').textContent()).resolves.toBe('n = 4 trips');
    await expect(planner.getByTestId('kpi-wait-sample').textContent()).resolves.toBe('n = 0 trips');
    // Promises (issue 13): nothing picked up yet, nothing moved or broken; each says what it stands on.
    await expect(planner.getByTestId('kpi-on-time-pickup-value').textContent()).resolves.toBe('—');
    await expect(planner.getByTestId('kpi-on-time-pickup-sample').textContent()).resolves.toBe('n = 0 trips');
    await expect(planner.getByTestId('kpi-promises-moved-value').textContent()).resolves.toBe('0');
    await expect(planner.getByTestId('kpi-promises-broken').textContent()).resolves.toContain('none broken');
    await expect(planner.getByTestId('chart-promises').getByTestId('chart-summary').textContent()).resolves.toMatch(/On-time pickups: no data yet\./);
    const samples = await planner.locator('.kpi__sample').allTextContents();
    expect(samples.filter((s) => !/^(n = \d+ trips|over [\d.]+ vehicle-hours)$/.test(s))).toEqual([]);
  });

  test('the CSV export writes its times in the browser time zone, with the offset', async () => {
    const href = await planner.getByTestId('export-csv').getAttribute('href');
    expect(href).toContain('tz=Asia%2FSeoul');
    const res = await fetch(server.url + href, { headers: await server.bearer({ role: 'planner', subject: 'e2e' }) });
    const [, first] = (await res.text()).split('\r\n');
    const requestedAt = first.split(',')[2];
    expect(requestedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    expect(Date.parse(requestedAt) / 1000).toBeGreaterThanOrEqual(startS - 1);
  });
});

describe('hour by hour', () => {
  test("this hour's row: 4 requests, 3 served, 1 rejected outside the area; chosen days show every hour", async () => {
    const row = planner.locator(`[data-testid=hourly-row][data-from-s="${Math.floor(startS / 3600) * 3600}"]`);
    await row.waitFor();
    await expect(row.getByTestId('hourly-requests').textContent()).resolves.toBe('4');
    await expect(row.getByTestId('hourly-served').textContent()).resolves.toBe('3');
    await expect(row.locator('td').nth(2).textContent()).resolves.toMatch(/^1 \(Outside .+ 1\)$/);

    await planner.getByTestId('range-custom').click();
    const today = await planner.getByTestId('custom-from').inputValue();
    await planner.getByTestId('custom-to').fill(today);
    await planner.getByTestId('custom-apply').click();
    // Every hour of today up to now, from midnight (the chart starts at the service's start, the table shows the whole days).
    const seoulOffsetS = 9 * 3600;
    const midnightS = Math.floor((Date.now() / 1000 + seoulOffsetS) / 86_400) * 86_400 - seoulOffsetS;
    const hoursSoFar = Math.floor((Date.now() / 1000 - midnightS) / 3600) + 1;
    await planner.waitForFunction((n) => document.querySelectorAll('[data-testid=hourly-row]').length === n, hoursSoFar);
    await expect(planner.locator('[data-testid=hourly-row]').first().getAttribute('data-from-s')).resolves.toBe(String(midnightS));
    await screenshot(planner, 'planner-custom-range-tablet', { fullPage: true });
  });

  test('in Korean the cards, the summaries and the table read in Korean', async () => {
    await planner.getByTestId('language-switch').click();
    await expect(planner.getByTestId('kpi-share-served').getAttribute('title')).resolves.toMatch(/수락된 제안/);
    await expect(planner.getByTestId('chart-demand').getByTestId('chart-summary').textContent()).resolves.toMatch(/호출: 모두 4/);
    await expect(planner.locator('.hourly__caption').textContent()).resolves.toBe('시간대별');
    expect(consoleErrors).toEqual([]);
  });
});
