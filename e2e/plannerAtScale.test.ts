import type { Page } from 'playwright-core';
import type { Principal } from '../dispatcher/auth/Principal';
import type { LngLat } from '../routing/Router';
import { SONGPA_OFFICE } from '../test-support/dbFixtures';
import { DOM_MARKER_LIMIT } from '../planner-dashboard/fleetRendering';
import { type Chromium, launchChromium } from './support/launchChromium';
import { screenshot, TABLET } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * A fleet too big for one HTML marker per vehicle: the planner's map draws it as dots on one canvas (what keeps
 * 10,000 vehicles smooth; `npm run load -- --planner-page` measures the frames at that size), and still counts
 * every vehicle in the legend. A few more vehicles than the limit are put on shift through the API, so the test
 * stays small; the same code path serves any size above it.
 */
jest.setTimeout(120_000);

const FLEET = DOM_MARKER_LIMIT + 20;
let server: LiveServer;
let chromium: Chromium;
let planner: Page;
const consoleErrors: string[] = [];
const operator: Principal = { role: 'operator', subject: 'e2e' };

async function call(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(await server.bearer(operator)) }, body: JSON.stringify(body) });
}

/** Road points on a lattice around the Songpa-gu Office (each a node of the network, so depots snap). */
function roadPoints(count: number): LngLat[] {
  const points: LngLat[] = [];
  const seen = new Set<string>();
  for (let ring = 0; points.length < count && ring < 60; ring++) {
    for (let i = -ring; i <= ring && points.length < count; i++) {
      for (let j = -ring; j <= ring && points.length < count; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        let near: { location: LngLat; distanceM: number };
        try {
          near = server.router.nearestSync([SONGPA_OFFICE[0] + i * 0.001, SONGPA_OFFICE[1] + j * 0.0008]);
        } catch {
          continue; // beyond the extract
        }
        const key = near.location.join(',');
        if (near.distanceM > 150 || seen.has(key)) continue;
        seen.add(key);
        points.push(near.location);
      }
    }
  }
  if (points.length < count) throw new Error(`only ${points.length} road points found for ${count} vehicles`);
  return points;
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  const endsAt = Math.floor(Date.now() / 1000) + 4 * 3600;
  const points = roadPoints(FLEET);
  // 40 vehicles (80 calls) at a time, a pause between: under the per-address limit of 200 requests a second.
  for (let k = 0; k < FLEET; k += 40) {
    await Promise.all(
      points.slice(k, k + 40).map(async (p, i) => {
        const id = `bus-${k + i}`;
        const put = await call('PUT', `/vehicles/${id}`, { name: `Bus ${k + i}`, seats: 6, wheelchairPlaces: 0, depot: p });
        const start = await call('POST', `/vehicles/${id}/shift/start`, { endsAt, position: p });
        if (!put.ok || !start.ok) throw new Error(`could not put ${id} on shift: ${put.status} ${start.status} ${await start.text()}`);
      }),
    );
    await new Promise((r) => setTimeout(r, 450));
  }
  planner = await chromium.context.newPage();
  watchConsole(planner, 'planner', consoleErrors);
  await planner.setViewportSize(TABLET);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

test(`a fleet of ${FLEET} (over ${DOM_MARKER_LIMIT}) is drawn as canvas dots, no HTML marker per vehicle, and the legend counts every one`, async () => {
  await planner.goto(`${server.url}/planner`);
  const map = planner.getByTestId('map');
  await planner.locator(`[data-testid=map][data-fleet-rendering=canvas][data-fleet-size="${FLEET}"]`).waitFor({ timeout: 30_000 });
  expect(await map.locator('.vehicle').count()).toBe(0);
  expect(await map.locator('canvas.leaflet-zoom-animated, .leaflet-overlay-pane canvas').count()).toBeGreaterThan(0);
  const legend = async (activity: string) => Number(await planner.getByTestId(`fleet-${activity}`).textContent());
  expect((await legend('idle')) + (await legend('to_pickup')) + (await legend('carrying'))).toBe(FLEET);
  await map.scrollIntoViewIfNeeded();
  await screenshot(planner, 'planner-fleet-canvas-tablet');
  expect(consoleErrors).toEqual([]);
});
