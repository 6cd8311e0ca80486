import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { TripView } from '../protocol/trips';
import { distanceM } from '../routing/geo';
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
/** The page logs the rejected request's answer? No: a rejection is a 201 with state rejected, so nothing is provoked. */
const provokedErrors: RegExp[] = [];

async function api<T>(method: string, path: string, body?: unknown, as: Principal = { role: 'operator', subject: 'e2e' }): Promise<T> {
  const headers = { 'content-type': 'application/json', ...(await server.bearer(as)) };
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A rider's phone: a fresh page (its own rider id in localStorage), in the language asked for. */
async function riderPage(lang: 'en' | 'ko' = 'en'): Promise<Page> {
  const page = await chromium.context.newPage();
  watchConsole(page, `rider-${lang}`, consoleErrors, provokedErrors);
  await page.setViewportSize(PHONE);
  // A new rider: the storage this browser shares across the file is cleared on a page of the origin that runs no
  // script, so the last test's rider (whose request budget that test spent) never loads the page again.
  await page.goto(`${server.url}/health`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.url}/rider?lang=${lang}`);
  return page;
}

const BUS = 'bus-1';
const DRIVER: Principal = { role: 'driver', subject: 'driver-1', vehicleId: BUS };

/** The rider's trip on this page, as the server has it. */
async function currentTrip(rider: Page): Promise<TripView> {
  const id = await rider.evaluate(() => localStorage.getItem('anystop.currentTrip'));
  if (!id) throw new Error('the rider page follows no trip');
  return api<TripView>('GET', `/trips/${id}`);
}

/** Books a trip on the page from one searched place to another (Enter picks the first match) and accepts the offer. */
async function book(rider: Page, from: string, to: string): Promise<TripView> {
  await rider.getByTestId('origin-input').fill(from);
  await rider.getByTestId('origin-input').press('Enter');
  await rider.getByTestId('destination-input').fill(to);
  await rider.getByTestId('destination-input').press('Enter');
  await rider.getByTestId('find-ride').click();
  await rider.locator('[data-testid=offer], [data-testid=error]:not([hidden])').first().waitFor();
  if (!(await rider.getByTestId('offer').count())) throw new Error(`no offer from ${from} to ${to}: ${await rider.getByTestId('error').textContent()}`);
  await rider.getByTestId('accept-offer').click();
  await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned]').waitFor();
  return currentTrip(rider);
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  await api('PUT', `/vehicles/${BUS}`, { name: 'Songpa 1', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
  await api('POST', `/vehicles/${BUS}/shift/start`, { endsAt: Math.floor(Date.now() / 1000) + 4 * 3600 }, DRIVER);
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
    // The arrow keys walk the suggestions (announced to screen readers), and Enter takes the highlighted one.
    const options = rider.getByTestId('origin-suggestions').getByTestId('place-suggestion');
    const count = await options.count();
    expect(count).toBeGreaterThan(1);
    const secondName = await options.nth(1).locator('.suggestions__name').textContent();
    await rider.getByTestId('origin-input').press('ArrowDown');
    await rider.getByTestId('origin-input').press('ArrowDown');
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(rider.getByTestId('origin-input').getAttribute('aria-activedescendant')).resolves.toBe(await options.nth(1).getAttribute('id'));
    await rider.getByTestId('origin-input').press('ArrowUp');
    await rider.getByTestId('origin-input').press('ArrowUp');
    // Up from the first wraps to the last.
    await expect(options.nth(count - 1).getAttribute('aria-selected')).resolves.toBe('true');
    await rider.getByTestId('origin-input').press('ArrowDown');
    await rider.getByTestId('origin-input').press('ArrowDown');
    await rider.getByTestId('origin-input').press('Enter');
    expect(secondName).not.toBeNull();
    await expect(rider.getByTestId('origin-input').inputValue()).resolves.toBe(secondName);
    await rider.close();
  });
});

/** Taps the map at an exact point, for the end the form has active (origin first, then destination). */
async function tap(rider: Page, at: [number, number]): Promise<void> {
  await rider.evaluate((p) => (window as unknown as { anystopRider: { tapMap(l: [number, number]): void } }).anystopRider.tapMap(p), at);
}

describe('the ends of a trip', () => {
  /** On 송파대로 near Jamsil: 350 m west the nearest road snaps back to 230 m from here, and the drive loops 2.5 km. */
  const ON_SONGPA_DAERO: [number, number] = [127.09896, 37.51503];
  const WEST_350M: [number, number] = [127.09499, 37.51503];
  const EAST_350M: [number, number] = [127.10293, 37.51503];

  test('a tap 350 m away gives a real trip or a clear refusal, never a loop', async () => {
    const rider = await riderPage('en');
    await tap(rider, ON_SONGPA_DAERO);
    await tap(rider, WEST_350M);
    const answer = rider.waitForResponse((r) => r.url().endsWith('/trips') && r.request().method() === 'POST');
    await rider.getByTestId('find-ride').click();
    const refused = (await (await answer).json()) as TripView;
    expect(refused.state).toBe('rejected');
    expect(refused.rejectReason).toBe('TooShort');
    await expect(rider.getByTestId('error').textContent()).resolves.toMatch(/too short for the bus/);
    expect(await rider.getByTestId('offer').count()).toBe(0);
    // The same street, 350 m the other way: a real trip, whose offer shows the walk at both ends.
    await rider.getByTestId('language-switch').click();
    await expect(rider.getByTestId('error').textContent()).resolves.toMatch(/너무 가까운 거리/);
    await rider.getByTestId('language-switch').click();
    await rider.getByTestId('destination-input').focus();
    await tap(rider, EAST_350M);
    const second = rider.waitForResponse((r) => r.url().endsWith('/trips') && r.request().method() === 'POST');
    await rider.getByTestId('find-ride').click();
    const offered = (await (await second).json()) as TripView;
    expect(offered.state).toBe('offered');
    if (!offered.pickupPoint || !offered.dropoffPoint || offered.walkFromDropoffM === null) throw new Error('an offer without its curbs');
    expect(distanceM(offered.pickupPoint, offered.dropoffPoint)).toBeGreaterThanOrEqual(300);
    await rider.getByTestId('offer').waitFor();
    await expect(rider.getByTestId('offer-walk').textContent()).resolves.toMatch(/^(None, it stops right here|\d+ m \(about \d+ min\))$/);
    await expect(rider.getByTestId('offer-walk-from').textContent()).resolves.toMatch(/^(None, it stops right there|\d+ m to where you are going \(about \d+ min\))$/);
    await rider.getByTestId('decline-offer').click();
    await rider.close();
  });
});

describe('a booked trip', () => {
  test('bus arrived → rider sees it is here with the countdown', async () => {
    const rider = await riderPage('en');
    const trip = await book(rider, 'Jamsil-ro', 'Olympic Parktel');
    await api('POST', `/vehicles/${BUS}/position`, { location: trip.pickupPoint }, DRIVER);
    await api('POST', `/vehicles/${BUS}/stop-events`, { tripId: trip.id, event: 'arrived_pickup' }, DRIVER);
    await rider.locator('[data-testid=trip-state][data-at-pickup=true]').waitFor();
    await expect(rider.getByTestId('trip-state').textContent()).resolves.toBe('Your bus is here');
    const waiting = await currentTrip(rider);
    if (waiting.waitsUntil === null || waiting.vehicleAtPickupSince === null) throw new Error('the server says no deadline for a bus at the pickup');
    // The default policy waits 3 minutes from the arrival (the window opened before it).
    expect(waiting.waitsUntil - waiting.vehicleAtPickupSince).toBe(180);
    const deadline = await rider.evaluate((s) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(s * 1000)), waiting.waitsUntil);
    await expect(rider.getByTestId('trip-guide').textContent()).resolves.toBe(`Your bus is here; it waits until ${deadline}.`);
    const first = await rider.getByTestId('trip-wait-countdown').textContent();
    expect(first).toMatch(/^[0-3]:\d\d left to board$/);
    await rider.waitForFunction((before) => document.querySelector('[data-testid=trip-wait-countdown]')?.textContent !== before, first);
    // After a language switch the same card speaks Korean.
    await rider.getByTestId('language-switch').click();
    await expect(rider.getByTestId('trip-guide').textContent()).resolves.toMatch(/^버스가 도착했습니다\. .*까지 기다립니다\.$/);
    await expect(rider.getByTestId('trip-wait-countdown').textContent()).resolves.toMatch(/탑승까지 \d:\d\d 남음/);
    await rider.close();
    await api('POST', `/vehicles/${BUS}/stop-events`, { tripId: trip.id, event: 'picked_up' }, DRIVER);
    await api('POST', `/vehicles/${BUS}/stop-events`, { tripId: trip.id, event: 'dropped_off' }, DRIVER);
  });

  test('cancel asks first, and the Korean page says why in Korean, also after a switch', async () => {
    const rider = await riderPage('ko');
    const trip = await book(rider, 'Jamsil-ro', 'Olympic Parktel');
    await rider.getByTestId('cancel-trip').click();
    await rider.getByTestId('cancel-confirm').waitFor();
    // Not cancelled until the rider says yes; "keep" keeps it.
    await rider.getByTestId('cancel-keep').click();
    expect((await api<TripView>('GET', `/trips/${trip.id}`)).state).not.toBe('cancelled');
    await rider.getByTestId('cancel-trip').click();
    await rider.getByTestId('cancel-confirm-yes').click();
    await rider.locator('[data-testid=trip-state][data-state=cancelled]').waitFor();
    await expect(rider.getByTestId('trip-cancel-reason').textContent()).resolves.toBe('이 여정을 취소하셨습니다.');
    await expect(rider.getByTestId('trip').textContent()).resolves.not.toMatch(/[A-Za-z]{4,}/);
    expect((await api<TripView>('GET', `/trips/${trip.id}`)).cancelCode).toBe('RiderCancelled');
    await rider.getByTestId('language-switch').click();
    await expect(rider.getByTestId('trip-cancel-reason').textContent()).resolves.toBe('You cancelled this trip.');
    await rider.close();
  });

  test('Enter on a place, then "find a ride" at once while the search is slow: the ride is found, not "choose where you are going"', async () => {
    const rider = await riderPage('en');
    // The place search answers 800 ms late (a slow phone network): the Enter picks are still out when the rider taps.
    await rider.route(/\/places\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await rider.getByTestId('origin-input').fill('Jamsil-ro');
    await rider.getByTestId('origin-input').press('Enter');
    await rider.getByTestId('destination-input').fill('Olympic Parktel');
    await rider.getByTestId('destination-input').press('Enter');
    await rider.getByTestId('find-ride').click();
    await rider.locator('[data-testid=offer], [data-testid=error]:not([hidden])').first().waitFor();
    expect(await rider.getByTestId('error').isVisible() ? await rider.getByTestId('error').textContent() : 'no error').toBe('no error');
    await expect(rider.getByTestId('offer').count()).resolves.toBe(1);
    await rider.unroute(/\/places\?/);
    await rider.close();
  });

  test('book two trips, see both', async () => {
    const rider = await riderPage('en');
    const first = await book(rider, 'Jamsil-ro', 'Olympic Parktel');
    // "Book another" while the first is on: the form, with the first trip listed as upcoming.
    await rider.getByTestId('book-another').click();
    await rider.locator(`[data-testid=upcoming-trip][data-trip-id="${first.id}"]`).waitFor();
    await rider.getByTestId('origin-input').fill('');
    await rider.getByTestId('destination-input').fill('');
    const second = await book(rider, 'Seokchon', 'Olympic Parktel');
    expect(second.id).not.toBe(first.id);
    await rider.getByTestId('book-another').click();
    await rider.locator(`[data-testid=upcoming-trip][data-trip-id="${second.id}"]`).waitFor();
    await expect(rider.getByTestId('upcoming-trip').count()).resolves.toBe(2);
    // Cancelling one moves it to the history; the other stays upcoming and opens its card.
    await rider.locator(`[data-testid=upcoming-trip][data-trip-id="${first.id}"]`).getByTestId('open-trip').click();
    await rider.getByTestId('cancel-trip').click();
    await rider.getByTestId('cancel-confirm-yes').click();
    await rider.locator('[data-testid=trip-state][data-state=cancelled]').waitFor();
    await rider.getByTestId('book-another').click();
    await rider.locator(`[data-testid=past-trip][data-trip-id="${first.id}"]`).waitFor();
    await expect(rider.getByTestId('upcoming-trip').count()).resolves.toBe(1);
    await rider.getByTestId('open-trip').click();
    await expect(rider.getByTestId('trip-state').getAttribute('data-state')).resolves.toMatch(/accepted|assigned/);
    expect((await currentTrip(rider)).id).toBe(second.id);
    await rider.getByTestId('cancel-trip').click();
    await rider.getByTestId('cancel-confirm-yes').click();
    await rider.locator('[data-testid=trip-state][data-state=cancelled]').waitFor();
    await rider.close();
  });

  test('pre-book three days ahead inside service hours', async () => {
    // An operator plans a shift three days from now, 08:00-12:00 in the rider's time zone (the browser's, Seoul);
    // no bus is on duty then today, so only the planned shift can carry the trip.
    const PREBOOK_BUS = 'bus-prebook';
    const rider = await riderPage('en');
    const shiftStartS = await rider.evaluate(() => {
      const day = new Date();
      day.setDate(day.getDate() + 3);
      day.setHours(8, 0, 0, 0);
      return Math.floor(day.getTime() / 1000);
    });
    /** The rider's wall-clock time of an instant, as the page's date-time field takes it. */
    const local = (epochS: number) =>
      rider.evaluate((t) => {
        const d = new Date(t * 1000);
        const two = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
      }, epochS);
    await api('PUT', `/vehicles/${PREBOOK_BUS}`, { name: 'Songpa 9', seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE });
    await api('POST', `/vehicles/${PREBOOK_BUS}/shifts`, { startsAt: shiftStartS, endsAt: shiftStartS + 4 * 3600 });
    // The page shows when the buses run, the planned shift among them.
    await rider.getByTestId('service-hours').waitFor();

    // Outside every shift (three days ahead at 03:00): refused with the named reason, in words.
    await rider.getByTestId('when-later').click();
    await rider.getByTestId('pickup-at').fill(await local(shiftStartS - 5 * 3600));
    await rider.getByTestId('origin-input').fill('Jamsil-ro');
    await rider.getByTestId('origin-input').press('Enter');
    await rider.getByTestId('destination-input').fill('Olympic Parktel');
    await rider.getByTestId('destination-input').press('Enter');
    await rider.getByTestId('find-ride').click();
    await rider.locator('[data-testid=error]:not([hidden])').waitFor();
    await expect(rider.getByTestId('error').textContent()).resolves.toMatch(/do not run at that time/);

    // Inside the planned shift (09:00 that day): an offer, accepted, promised for that morning.
    const wantedS = shiftStartS + 3600;
    await rider.getByTestId('pickup-at').fill(await local(wantedS));
    await rider.getByTestId('find-ride').click();
    await rider.locator('[data-testid=offer], [data-testid=error]:not([hidden])').first().waitFor();
    if (!(await rider.getByTestId('offer').count())) throw new Error(`no offer inside the planned shift: ${await rider.getByTestId('error').textContent()}`);
    await rider.getByTestId('accept-offer').click();
    await rider.locator('[data-testid=trip-state][data-state=accepted], [data-testid=trip-state][data-state=assigned]').waitFor();
    const trip = await currentTrip(rider);
    if (!trip.promisedPickup) throw new Error('an accepted pre-booking has no promised pickup');
    expect(trip.promisedPickup.earliestS).toBeGreaterThanOrEqual(shiftStartS);
    expect(trip.promisedPickup.latestS).toBeLessThanOrEqual(shiftStartS + 4 * 3600);
    expect(Math.abs(trip.requestedPickupAt - wantedS)).toBeLessThan(60);
    await rider.getByTestId('cancel-trip').click();
    await rider.getByTestId('cancel-confirm-yes').click();
    await rider.locator('[data-testid=trip-state][data-state=cancelled]').waitFor();
    await rider.close();
  });

  test('an error on screen is said again in the new language after a switch', async () => {
    const rider = await riderPage('en');
    await rider.getByTestId('find-ride').click();
    await expect(rider.getByTestId('error').textContent()).resolves.toBe('Choose where you want to be picked up.');
    await rider.getByTestId('language-switch').click();
    await expect(rider.getByTestId('error').textContent()).resolves.toBe('탑승할 곳을 골라 주세요.');
    await rider.close();
  });
});
