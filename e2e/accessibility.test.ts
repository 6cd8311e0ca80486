import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { TripView } from '../protocol/trips';
import { SONGPA_OFFICE } from '../test-support/dbFixtures';
import { type Chromium, launchChromium } from './support/launchChromium';
import { horizontalOverflowPx, screenshot } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * Every page (home, rider, driver, planner, operator) in both languages: axe-core finds no serious or critical
 * violation, there is one h1, nothing overflows sideways down to 320 px, and no clock time ("08:05",
 * "오전 08:05") breaks over two lines. Screenshots of each at 390×844, 1280×800 and 1440×900 go to artifacts/e2e.
 * A bus is on shift with one booked trip, so the driver console, the planner and the operator console show real content.
 */
jest.setTimeout(120_000);

const VEHICLE = 'bus-a';
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;
const NARROWEST = { width: 320, height: 700 };
const LANGUAGES = ['en', 'ko'] as const;

/** Each page, the address that opens it, and what shows once it has its content. */
const ONLY = process.env.A11Y_ONLY?.split(',');
const ALL_PAGES = [
  { name: 'home', path: '/', ready: '.home__cards' },
  { name: 'rider', path: '/rider', ready: '[data-testid=find-ride]' },
  { name: 'driver', path: `/driver?vehicle=${VEHICLE}`, ready: '[data-testid=next-stop][data-kind=pickup]' },
  { name: 'planner', path: '/planner', ready: '[data-testid=chart-demand][data-axis=time]' },
  { name: 'operator', path: '/operator', ready: '[data-testid=trip-row]' },
] as const;
/** A11Y_ONLY=driver,planner runs those pages alone (while fixing one). */
const PAGES = ALL_PAGES.filter((p) => !ONLY || ONLY.includes(p.name));

let server: LiveServer;
let chromium: Chromium;
const consoleErrors: string[] = [];
const operator: Principal = { role: 'operator', subject: 'e2e' };

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(operator)) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Clock times in the page's text whose characters do not all sit on one line. */
async function wrappedTimes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/(?:오전|오후|AM|PM)?\s?\d{1,2}:\d\d(?:\s?(?:AM|PM))?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index ?? 0);
        range.setEnd(node, (m.index ?? 0) + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });
}

/** The outermost elements that reach past the right edge (for a readable failure). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (el: Element): void => {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ')[0]} right=${Math.round(r.right)}`);
        return;
      }
      // A box that scrolls or clips sideways keeps what is inside it from the page's width.
      if (getComputedStyle(el).overflowX !== 'visible') return;
      for (const c of Array.from(el.children)) if (!c.closest('.leaflet-container') || c.classList.contains('leaflet-container')) walk(c);
    };
    walk(document.body);
    return out;
  });
}

async function open(name: string, path: string, lang: string, ready: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await chromium.context.newPage();
  watchConsole(page, name, consoleErrors);
  await page.setViewportSize(viewport);
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.locator(ready).first().waitFor();
  return page;
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  const now = Math.floor(Date.now() / 1000);
  await api('PUT', `/vehicles/${VEHICLE}`, { name: 'Songpa A', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('POST', `/vehicles/${VEHICLE}/shift/start`, { endsAt: now + 4 * 3600, position: SONGPA_OFFICE });
  const trip = await api<TripView>('POST', '/trips', { riderId: 'r-a11y', riderName: 'Jisoo Park', origin: [127.1004, 37.5117], destination: [127.1121, 37.5152], autoAccept: true });
  expect(trip.vehicleId).toBe(VEHICLE);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe.each(LANGUAGES)('every page in %s', (lang) => {
  test.each(PAGES)('$name: no serious axe violation, one h1, no sideways overflow at 320 px, times on one line; screenshots at three sizes', async ({ name, path, ready }) => {
    const page = await open(name, path, lang, ready, SIZES[1]);
    try {
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(lang);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).exclude('.leaflet-container').analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      expect(serious).toEqual([]);
      await expect(page.locator('h1').count()).resolves.toBe(1);
      await expect(page.evaluate(() => (document.querySelector('h1')?.textContent ?? '').trim().length)).resolves.toBeGreaterThan(0);
      await expect(page.evaluate(() => Boolean(document.querySelector('link[rel=icon]')))).resolves.toBe(true);

      await page.setViewportSize(NARROWEST);
      await page.waitForTimeout(200);
      expect(await overflowing(page)).toEqual([]);
      expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(250);
        expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
        expect(await wrappedTimes(page)).toEqual([]);
        await screenshot(page, `${name}-${lang}-${size.width}x${size.height}`);
      }
    } finally {
      await page.close();
    }
  });
});

test('the favicon is served', async () => {
  const res = await fetch(`${server.url}/favicon.svg`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/svg/);
});

test('no page logged a console error', () => {
  expect(consoleErrors).toEqual([]);
});
