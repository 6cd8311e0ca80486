import type { Page, WebSocketRoute } from 'playwright-core';
import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import { DOT_COLOURS } from '../planner-dashboard/fleetRendering';
import { type Chromium, launchChromium } from './support/launchChromium';
import { screenshot, TABLET } from './support/screenshots';
import { buildPages, type LiveServer, startLiveServer } from './support/startLiveServer';
import { cutOffTiles } from './support/tiles';
import { watchConsole } from './support/watchConsole';

/**
 * The planner's map from big fleet messages, without putting thousands of vehicles on shift: the page talks to
 * the real dispatcher, but the test stands in its websocket (Playwright's routeWebSocket), drops the server's own
 * (empty) fleet messages and hands the page fleets it made up, laid out on a grid over the road network. What is
 * checked is what a planner sees: every vehicle counted and drawn (the dots' canvas read pixel by pixel), the
 * tooltip of the dot under the pointer, and the legend in both languages.
 */
jest.setTimeout(120_000);

const ACTIVITIES: VehicleActivity[] = ['idle', 'to_pickup', 'carrying', 'off_shift'];
let server: LiveServer;
let chromium: Chromium;
let planner: Page;
let pageSocket: WebSocketRoute | null = null;
let box: { west: number; south: number; east: number; north: number };
const consoleErrors: string[] = [];

/** cols × rows vehicles evenly over the middle of the network's box; vehicle k does ACTIVITIES[k % 4] (or `activity`). */
function gridFleet(cols: number, rows: number, activity?: (k: number) => VehicleActivity): FleetVehicleView[] {
  const vehicles: FleetVehicleView[] = [];
  const [w, s] = [box.east - box.west, box.north - box.south];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const location: [number, number] = [box.west + w * (0.15 + (0.7 * (c + 0.5)) / cols), box.south + s * (0.15 + (0.7 * (r + 0.5)) / rows)];
      vehicles.push({ id: `v${k}`, location, headingDeg: null, activity: activity ? activity(k) : ACTIVITIES[k % 4], onBoard: k % 3, stops: k % 5, atS: 1 });
    }
  }
  return vehicles;
}

function sendFleet(vehicles: FleetVehicleView[]): void {
  if (!pageSocket) throw new Error('the planner page has no websocket yet');
  pageSocket.send(JSON.stringify({ v: 1, type: 'fleet', seq: 1, vehicles }));
}

async function waitForFleet(size: number): Promise<void> {
  await planner.locator(`[data-testid=map][data-fleet-rendering=canvas][data-fleet-size="${size}"][data-fleet-drawn="${size}"]`).waitFor({ timeout: 30_000 });
}

/** The dots on the fleet canvas, by fill colour: connected blobs of exactly that colour, with their centres on the page. */
async function dotsOnCanvas(): Promise<Record<string, { count: number; centres: [number, number][] }>> {
  return planner.getByTestId('fleet-dots').evaluate((canvas: HTMLCanvasElement, colours: string[]) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const rect = canvas.getBoundingClientRect();
    const rgb = colours.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    const label = new Int32Array(width * height).fill(-1);
    const found: Record<string, { count: number; centres: [number, number][] }> = {};
    for (const c of colours) found[c] = { count: 0, centres: [] };
    const colourAt = (p: number) => rgb.findIndex(([r, g, b]) => data[4 * p] === r && data[4 * p + 1] === g && data[4 * p + 2] === b && data[4 * p + 3] === 255);
    for (let p = 0; p < width * height; p++) {
      if (label[p] !== -1) continue;
      const ci = colourAt(p);
      if (ci < 0) {
        label[p] = -2;
        continue;
      }
      // Flood fill one blob of this colour.
      const stack = [p];
      label[p] = ci;
      let [sx, sy, n] = [0, 0, 0];
      while (stack.length > 0) {
        const q = stack.pop()!;
        const [x, y] = [q % width, Math.floor(q / width)];
        sx += x;
        sy += y;
        n++;
        for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const nq = ny * width + nx;
          if (label[nq] !== -1 || colourAt(nq) !== ci) continue;
          label[nq] = ci;
          stack.push(nq);
        }
      }
      const entry = found[colours[ci]];
      entry.count++;
      entry.centres.push([rect.left + (sx / n) * (rect.width / width), rect.top + (sy / n) * (rect.height / height)]);
    }
    return found;
  }, ACTIVITIES.map((a) => DOT_COLOURS[a]));
}

beforeAll(async () => {
  buildPages();
  [server, chromium] = await Promise.all([startLiveServer(), launchChromium()]);
  await cutOffTiles(chromium.context);
  const network = (await (await fetch(`${server.url}/network.geojson`)).json()) as { features: { geometry: { coordinates: number[][] | number[][][] } }[] };
  const points = network.features.flatMap((f) => f.geometry.coordinates.flat(2)) as number[];
  const lngs = points.filter((_, i) => i % 2 === 0);
  const lats = points.filter((_, i) => i % 2 === 1);
  box = { west: Math.min(...lngs), east: Math.max(...lngs), south: Math.min(...lats), north: Math.max(...lats) };
  planner = await chromium.context.newPage();
  watchConsole(planner, 'planner', consoleErrors);
  await planner.setViewportSize(TABLET);
  await planner.routeWebSocket(/\/ws$/, (ws) => {
    const upstream = ws.connectToServer();
    pageSocket = ws;
    ws.onMessage((frame) => upstream.send(frame));
    upstream.onMessage((frame) => {
      const text = typeof frame === 'string' ? frame : frame.toString('utf8');
      // The server's fleet (no vehicles on shift) would replace the test's.
      const type = (JSON.parse(text) as { type?: string }).type;
      if (type === 'fleet' || type === 'fleet_changes') return;
      ws.send(frame);
    });
  });
  await planner.goto(`${server.url}/planner`);
  await planner.getByTestId('map').scrollIntoViewIfNeeded();
  for (let t0 = Date.now(); !pageSocket && Date.now() - t0 < 20_000; ) await new Promise((r) => setTimeout(r, 100));
  // The view fits the road network once it has loaded (the dots' grid is laid out inside it).
  await planner.locator('[data-testid=map].map--roads').waitFor({ timeout: 30_000 });
  await planner.waitForTimeout(1500);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

test('a fleet message of 10,000 vehicles: the legend counts each, and every one is drawn', async () => {
  sendFleet(gridFleet(100, 100));
  await waitForFleet(10_000);
  for (const a of ACTIVITIES) expect(await planner.getByTestId(`fleet-${a}`).textContent()).toBe('2500');
  expect(await planner.locator('[data-testid=map] .vehicle').count()).toBe(0);
  await screenshot(planner, 'planner-fleet-10000-tablet');
});

test('every vehicle of a sparse fleet is its own dot on the canvas, in its activity’s colour', async () => {
  // 600 vehicles far enough apart that no two dots touch: the canvas shows 150 blobs of each colour.
  sendFleet(gridFleet(30, 20));
  await waitForFleet(600);
  const dots = await dotsOnCanvas();
  for (const a of ACTIVITIES) expect([a, dots[DOT_COLOURS[a]].count]).toEqual([a, 150]);
  // The next message moves every vehicle and makes them all idle: the same 600 dots, one colour.
  const moved = gridFleet(30, 20, () => 'idle').map((v) => ({ ...v, location: [v.location[0] + 0.0005, v.location[1]] as [number, number] }));
  sendFleet(moved);
  await planner.locator('[data-testid=fleet-idle]', { hasText: '600' }).waitFor();
  await planner.waitForFunction(() => true, undefined, { polling: 'raf' });
  const after = await dotsOnCanvas();
  expect(after[DOT_COLOURS.idle].count).toBe(600);
  expect(after[DOT_COLOURS.carrying].count).toBe(0);
  // Vehicles that leave the message leave the map.
  sendFleet(moved.slice(0, 400));
  await waitForFleet(400);
  await planner.waitForFunction(() => true, undefined, { polling: 'raf' });
  expect((await dotsOnCanvas())[DOT_COLOURS.idle].count).toBe(400);
});

test('fleet_changes after a numbered fleet move, add and remove dots; changes that build on another view are left out', async () => {
  const fleet = gridFleet(30, 20);
  pageSocket!.send(JSON.stringify({ v: 1, type: 'fleet', seq: 1, vehicles: fleet, version: 7 }));
  await waitForFleet(600);
  // All carrying vehicles become idle, 100 vehicles leave: 50 of the 150 carrying, 50 idle.
  const carrying = fleet.filter((v) => v.activity === 'carrying').map((v) => ({ ...v, activity: 'idle' as const }));
  const gone = fleet.filter((v) => v.activity === 'to_pickup').slice(0, 100).map((v) => v.id);
  pageSocket!.send(JSON.stringify({ v: 1, type: 'fleet_changes', seq: 2, version: 8, since: 7, vehicles: carrying, removed: gone }));
  await waitForFleet(500);
  await planner.waitForFunction(() => true, undefined, { polling: 'raf' });
  let dots = await dotsOnCanvas();
  expect([dots[DOT_COLOURS.idle].count, dots[DOT_COLOURS.carrying].count, dots[DOT_COLOURS.to_pickup].count]).toEqual([300, 0, 50]);
  // Not built on view 8: ignored (the map stays as it is until the next whole fleet message).
  pageSocket!.send(JSON.stringify({ v: 1, type: 'fleet_changes', seq: 3, version: 10, since: 9, vehicles: [], removed: fleet.map((v) => v.id) }));
  pageSocket!.send(JSON.stringify({ v: 1, type: 'fleet_changes', seq: 3, version: 9, since: 8, vehicles: [{ ...fleet[0], id: 'newcomer', activity: 'carrying' }], removed: [] }));
  await waitForFleet(501);
  await planner.waitForFunction(() => true, undefined, { polling: 'raf' });
  dots = await dotsOnCanvas();
  expect(dots[DOT_COLOURS.carrying].count).toBe(1);
  expect(await planner.getByTestId('fleet-carrying').textContent()).toBe('1');
});

test('the dot under the pointer says which vehicle it is and what it does, in English and Korean', async () => {
  sendFleet(gridFleet(30, 20));
  await waitForFleet(600);
  await planner.waitForFunction(() => true, undefined, { polling: 'raf' });
  const dots = await dotsOnCanvas();
  // A carrying vehicle's dot: its id is found from the tooltip, and the tooltip's figures are that vehicle's.
  const [x, y] = dots[DOT_COLOURS.carrying].centres[0];
  await planner.mouse.move(x, y);
  const tooltip = planner.locator('.leaflet-tooltip');
  await tooltip.waitFor();
  const text = (await tooltip.textContent()) ?? '';
  const k = Number(/^v(\d+): /.exec(text)?.[1]);
  expect(ACTIVITIES[k % 4]).toBe('carrying');
  expect(text).toBe(`v${k}: Carrying, ${k % 3} on board, ${k % 5} stops`);
  // A click keeps it open after the pointer leaves; the language switch rewrites it and the legend.
  await planner.mouse.click(x, y);
  await planner.mouse.move(x + 200, y + 200);
  await planner.getByTestId('language-switch').click();
  await planner.locator('.leaflet-tooltip', { hasText: '승객 운송' }).waitFor();
  expect(await tooltip.textContent()).toBe(`v${k}: 승객 운송, 탑승 ${k % 3}명, 정류장 ${k % 5}곳`);
  expect(await planner.getByTestId('fleet-legend').textContent()).toContain('승객 운송 150');
  await planner.getByTestId('language-switch').click();
  expect(await planner.getByTestId('fleet-legend').textContent()).toContain('Carrying 150');
  expect(consoleErrors).toEqual([]);
});
