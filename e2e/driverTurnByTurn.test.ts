import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import { upcomingManeuver } from '../driver-console/turnByTurn/upcomingManeuver';
import { maneuverText } from '../driver-console/turnByTurn/maneuverText';
import { routeAhead } from '../driver-console/routeAhead';
import type { Manifest, RouteManeuver } from '../protocol/realtime';
import type { TripView } from '../protocol/trips';
import { distanceM } from '../routing/geo';
import { type Chromium, launchChromium } from './support/launchChromium';
import { screenshot, TABLET } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';
import { WsTap } from './support/wsTap';

/**
 * Turn-by-turn in the driver console, following one trip's way to its pickup in Songpa: the next maneuver with
 * its distance in English and in Korean, from the steps the dispatcher's router gave; the next one once the bus
 * has driven past the turn; a new route from where the bus is after it left the route; and the hand-off of the
 * way to the phone's navigation apps.
 */
jest.setTimeout(60_000);

type Point = [number, number];
const VEHICLE = 'bus-t';
/** On 송파대로, near Jamsil: the depot, where the bus starts. */
const START: Point = [127.1004, 37.5117];
const operator: Principal = { role: 'operator', subject: 'e2e' };
let server: LiveServer;
let chromium: Chromium;
let driver: Page;
let link: WsTap;
let trip: TripView;
let route: Manifest;
const consoleErrors: string[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(operator)) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function drive(to: Point): Promise<void> {
  const sent = await driver.evaluate((p) => {
    const hook = (window as unknown as { anystopDriver?: { reportPosition(location: [number, number]): boolean } }).anystopDriver;
    return hook?.reportPosition(p) ?? false;
  }, to);
  expect(sent).toBe(true);
}

async function until<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The newest manifest the dispatcher sent the page with this trip's pickup next, after the `from`-th frame. */
function manifestAfter(from: number): Manifest | undefined {
  const frames = link.received.slice(from).filter((m) => m.type === 'manifest').map((m) => m.manifest as Manifest);
  return frames.reverse().find((m) => m.stops[0]?.tripId === trip.id && m.maneuversToNext.length > 0);
}

/** The point `m` metres along a line. */
function along(line: readonly Point[], m: number): Point {
  let left = m;
  for (let i = 0; i + 1 < line.length; i++) {
    const d = distanceM(line[i], line[i + 1]);
    if (left <= d) {
      const u = d === 0 ? 0 : left / d;
      return [line[i][0] + (line[i + 1][0] - line[i][0]) * u, line[i][1] + (line[i + 1][1] - line[i][1]) * u];
    }
    left -= d;
  }
  return line[line.length - 1];
}

/** What the card must say at this bus position: the instruction exactly, the distance to within one rounding step. */
function expected(manifest: Manifest, bus: Point, lang: 'en' | 'ko'): { maneuver: RouteManeuver; pattern: RegExp } {
  const next = upcomingManeuver(manifest.maneuversToNext, routeAhead(manifest.routeToNext, bus).alongM);
  if (!next) throw new Error('no maneuver ahead');
  const instruction = maneuverText(next.maneuver, null, lang);
  const words = lang === 'en' ? instruction.charAt(0).toLowerCase() + instruction.slice(1) : instruction;
  const quoted = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { maneuver: next.maneuver, pattern: lang === 'en' ? new RegExp(`^In (\\d+) m, ${quoted}$`) : new RegExp(`^(\\d+) m 앞에서 ${quoted}$`) };
}

/** A screenshot once the bus icon has finished its glide (0.9 s) to where the reframed map puts it. */
async function settledScreenshot(name: string): Promise<void> {
  await driver.waitForTimeout(1000);
  await screenshot(driver, name);
}

async function cardText(): Promise<string> {
  return (await driver.getByTestId('maneuver-text').textContent()) ?? '';
}

/** The distance the card says, checked against where the maneuver is (the card rounds to 10 m). */
async function saysWithDistance(pattern: RegExp, metresAhead: number): Promise<void> {
  const text = await until(async () => {
    const t = await cardText();
    return pattern.test(t) ? t : undefined;
  }, `the card says ${pattern} (it says "${await cardText()}")`);
  const said = Number(pattern.exec(text)![1]);
  expect(Math.abs(said - metresAhead)).toBeLessThanOrEqual(10);
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  await api('PUT', `/vehicles/${VEHICLE}`, { name: 'Songpa T', seats: 6, wheelchairPlaces: 1, depot: START });
  await api('POST', `/vehicles/${VEHICLE}/shift/start`, { endsAt: Math.floor(Date.now() / 1000) + 4 * 3600, position: START });
  driver = await chromium.context.newPage();
  watchConsole(driver, 'driver', consoleErrors, []);
  await driver.setViewportSize(TABLET);
  link = await WsTap.attach(driver);
  await driver.goto(`${server.url}/driver?lang=en&vehicle=${VEHICLE}`);
  await driver.locator('[data-testid=connection][data-status=connected]').waitFor();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe('turn-by-turn to the next stop', () => {
  test('the next maneuver with its distance, in English and in Korean, from the route the dispatcher sent', async () => {
    await drive(START);
    const seen = link.received.length;
    trip = await api<TripView>('POST', '/trips', { riderId: 'r-tbt', riderName: 'Minji Kim', origin: [127.1121, 37.5152], destination: [127.1031, 37.5172], autoAccept: true });
    expect(trip.vehicleId).toBe(VEHICLE);
    route = await until(() => manifestAfter(seen), 'the manifest with the way to the pickup');
    // The steps come from the dispatcher's own router, arriving on the rider's side of the street.
    const direct = await server.router.route([START, trip.pickupPoint!], { steps: true, approaches: [null, 'curb'] });
    expect(route.maneuversToNext.map((m) => [m.type, m.modifier ?? '', m.name])).toEqual(direct.legs[0].steps!.map((s) => [s.type, s.modifier ?? '', s.name]));
    expect(route.maneuversToNext.length).toBeGreaterThanOrEqual(3);

    const first = expected(route, START, 'en');
    expect(first.maneuver.type).not.toBe('depart');
    await saysWithDistance(first.pattern, first.maneuver.atM - routeAhead(route.routeToNext, START).alongM);
    await settledScreenshot('driver-turn-by-turn-en-tablet');

    await driver.getByTestId('language-switch').click();
    const korean = expected(route, START, 'ko');
    await saysWithDistance(korean.pattern, first.maneuver.atM - routeAhead(route.routeToNext, START).alongM);
    expect(await cardText()).toMatch(/[가-힣]/);
    await settledScreenshot('driver-turn-by-turn-ko-tablet');
    await driver.getByTestId('language-switch').click();
    await expect(driver.getByTestId('maneuver-text').textContent()).resolves.toMatch(/^In \d+ m, /);
  });

  test('past the first turn, the card moves on to the next maneuver and its distance', async () => {
    const turns = route.maneuversToNext.filter((m) => m.type !== 'depart');
    const passed = turns[0];
    // 30 m beyond the turn (or half way to the next one, if that is closer), on the route itself.
    const beyondM = Math.min(passed.atM + 30, (passed.atM + turns[1].atM) / 2);
    const bus = along(route.routeToNext, beyondM);
    await drive(bus);
    const next = expected(route, bus, 'en');
    expect(next.maneuver).toEqual(turns[1]);
    if (turns[1].atM - beyondM >= 20) await saysWithDistance(next.pattern, turns[1].atM - beyondM);
    else await until(async () => ((await cardText()) === maneuverText(turns[1], 0, 'en') ? true : undefined), 'the card says the next maneuver');
    await expect(driver.getByTestId('maneuver').getAttribute('data-type')).resolves.toBe(turns[1].type);
  });

  test('off the route for a few fixes, the console asks for a new route from where the bus is and follows it', async () => {
    const lastOnRoute = along(route.routeToNext, Math.min(route.maneuversToNext[1].atM + 30, route.maneuversToNext[2].atM / 2 + route.maneuversToNext[1].atM / 2));
    // The direction that takes the bus farthest from the route within 150 m (and under the GPS jump limit).
    const offset = (p: Point, bearing: number, m: number): Point => [p[0] + (m * Math.sin(bearing)) / (111_195 * Math.cos((p[1] * Math.PI) / 180)), p[1] + (m * Math.cos(bearing)) / 111_195];
    const bearings = Array.from({ length: 16 }, (_, i) => (i * Math.PI) / 8);
    const away = bearings.map((b) => ({ b, off: routeAhead(route.routeToNext, offset(lastOnRoute, b, 150)).offM })).sort((x, y) => y.off - x.off)[0];
    expect(away.off).toBeGreaterThan(80);
    const fixes = [110, 130, 150].map((m) => offset(lastOnRoute, away.b, m));
    const seen = link.received.length;
    const asked = link.sent.length;
    for (const fix of fixes) await drive(fix);

    const reroute = await until(() => link.sent.slice(asked).find((m) => m.type === 'reroute'), 'the console asks for a new route');
    expect(reroute.from).toEqual(fixes[2]);
    expect(link.sent.slice(asked).filter((m) => m.type === 'reroute')).toHaveLength(1);
    const fresh = await until(() => manifestAfter(seen), 'the new route');
    expect(distanceM(fresh.routeToNext[0], fixes[2])).toBeLessThan(80);
    expect(fresh.maneuversToNext[0].type).toBe('depart');
    const now = expected(fresh, fixes[2], 'en');
    const inM = now.maneuver.atM - routeAhead(fresh.routeToNext, fixes[2]).alongM;
    if (inM >= 20) await saysWithDistance(now.pattern, inM);
    else await until(async () => ((await cardText()) === maneuverText(now.maneuver, 0, 'en') ? true : undefined), 'the card follows the new route');
    await driver.getByTestId('rerouting').waitFor({ state: 'detached' });
    await settledScreenshot('driver-turn-by-turn-rerouted-tablet');
  });

  test('the way to the stop hands off to the navigation apps, each with the pickup point', async () => {
    const [lon, lat] = trip.pickupPoint!;
    await expect(driver.getByTestId('handoff-geo').getAttribute('href')).resolves.toBe(`geo:${lat},${lon}?q=${lat},${lon}`);
    await expect(driver.getByTestId('handoff-google').getAttribute('href')).resolves.toBe(`https://www.google.com/maps/dir/?api=1&destination=${lat},${lon}&travelmode=driving`);
    await expect(driver.getByTestId('handoff-kakao').getAttribute('href')).resolves.toBe(`https://map.kakao.com/link/to/Minji,${lat},${lon}`);
    await expect(driver.getByTestId('handoff-naver').getAttribute('href')).resolves.toMatch(new RegExp(`^nmap://route/car\\?dlat=${lat}&dlng=${lon}&dname=Minji&appname=`));
    expect(consoleErrors).toEqual([]);
  });
});
