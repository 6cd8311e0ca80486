import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type WebSocketRoute } from 'playwright-core';
import { selfSignedAuthConfig } from '../dispatcher/auth/AuthConfig';
import { SystemClock } from '../dispatcher/clock/Clock';
import { startServer } from '../dispatcher/service/startServer';
import { Random } from '../dispatcher/optimizer/Random';
import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { createTestDatabase } from '../test-support/db';
import { sharedPath } from '../test-support/sharedData';
import { percentile } from './benchStats';

/**
 * `node dist/bench/plannerPageBench.js [--vehicles 10000] [--moving 300] [--seconds 30] [--feed whole|changes]
 * [--bundle DIR] [--profile FILE] [--screenshot FILE.png]`: the planner dashboard in Chromium fed a made-up fleet
 * once a second (as the dispatcher's planner channel does at that size), without putting the fleet on shift: the
 * page talks to a real dispatcher (Seoul Songpa, its roads drawn as offline), but the test stands in its websocket,
 * drops the server's own fleet messages and sends `--vehicles` vehicles in the roads' box, `--moving` of them a
 * few metres on each second (a few change activity). `--feed whole` sends the whole fleet every second (what
 * pages without hello.fleetChanges get), `changes` a numbered whole fleet then fleet_changes. `--bundle DIR` serves
 * the planner's script and style from another build's web/dist (another branch's page against the same feed).
 * Reports animation-frame gaps and long tasks over the sampled seconds, as `npm run load -- --planner-page`.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const vehicles = Number(opt('vehicles', '10000'));
const moving = Number(opt('moving', '300'));
const seconds = Number(opt('seconds', '30'));
const feed = opt('feed', 'changes');
const bundle = args.includes('--bundle') ? resolve(opt('bundle', '')) : null;

const RECORDER = `
  window.__probe = { gaps: [], long: [], last: 0, on: false };
  const tick = (t) => { const p = window.__probe; if (p.on && p.last) p.gaps.push(t - p.last); p.last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { const p = window.__probe; if (p.on) for (const e of list.getEntries()) p.long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
`;
const ACTIVITIES: VehicleActivity[] = ['idle', 'to_pickup', 'carrying', 'idle'];

async function main(): Promise<void> {
  const [db, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  const server = await startServer({ router, clock: new SystemClock(), port: 0, host: '127.0.0.1', databaseUrl: db.url, auth: selfSignedAuthConfig({ devTokens: true }) });
  const browser = await chromium.launch({ executablePath: process.env.ANYSTOP_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'], headless: true });
  try {
    const network = (await (await fetch(`${server.url}/network.geojson`)).json()) as { features: { geometry: { coordinates: unknown } }[] };
    const flat = network.features.flatMap((f) => (f.geometry.coordinates as number[][]).flat(2)) as number[];
    const lngs = flat.filter((_, i) => i % 2 === 0);
    const lats = flat.filter((_, i) => i % 2 === 1);
    const box = { west: Math.min(...lngs), east: Math.max(...lngs), south: Math.min(...lats), north: Math.max(...lats) };
    const rng = new Random(7);
    const fleet: FleetVehicleView[] = Array.from({ length: vehicles }, (_, k) => ({
      id: `bus-${String(k).padStart(5, '0')}`,
      location: [box.west + rng.next() * (box.east - box.west), box.south + rng.next() * (box.north - box.south)],
      headingDeg: null,
      activity: ACTIVITIES[k % 4],
      onBoard: k % 4 === 2 ? 1 : 0,
      stops: k % 4 === 0 ? 0 : 2,
      atS: 1,
    }));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Seoul' });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    if (bundle) {
      for (const file of ['planner.js', 'planner.css']) {
        await context.route(`**/assets/${file}`, (route) => route.fulfill({ body: readFileSync(join(bundle, 'assets', file)), contentType: file.endsWith('.js') ? 'text/javascript' : 'text/css' }));
      }
    }
    await context.addInitScript(RECORDER);
    const page = await context.newPage();
    let socket: WebSocketRoute | null = null;
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      socket = ws;
      ws.onMessage((frame) => upstream.send(frame));
      upstream.onMessage((frame) => {
        const type = (JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8')) as { type?: string }).type;
        if (type !== 'fleet' && type !== 'fleet_changes') ws.send(frame);
      });
    });
    await page.goto(`${server.url}/planner`);
    await page.getByTestId('map').scrollIntoViewIfNeeded();
    for (let t0 = Date.now(); !socket && Date.now() - t0 < 30_000; ) await new Promise((r) => setTimeout(r, 100));
    const send = (m: unknown) => socket!.send(JSON.stringify(m));
    let version = 1;
    send({ v: 1, type: 'fleet', seq: 1, vehicles: fleet, version });
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.fleetSize ?? 0) >= n, vehicles, { timeout: 60_000, polling: 500 });
    await page.waitForTimeout(2000);
    // Once a second: `moving` vehicles a few metres on (the same ones, as drivers at 1 Hz), one in 30 of them changes activity.
    let tick = 0;
    const timer = setInterval(() => {
      tick++;
      const changed: FleetVehicleView[] = [];
      for (let k = 0; k < moving; k++) {
        const i = (k * 7919) % vehicles;
        const v = fleet[i];
        const activity = k % 30 === tick % 30 ? ACTIVITIES[(ACTIVITIES.indexOf(v.activity) + 1) % 3] : v.activity;
        fleet[i] = { ...v, location: [v.location[0] + 0.00008 * Math.cos(k + tick / 10), v.location[1] + 0.00006 * Math.sin(k + tick / 10)], activity, atS: 1 + tick };
        changed.push(fleet[i]);
      }
      if (feed === 'whole') send({ v: 1, type: 'fleet', seq: 1 + tick, vehicles: fleet });
      else send({ v: 1, type: 'fleet_changes', seq: 1 + tick, version: version + 1, since: version, vehicles: changed, removed: [] });
      version++;
    }, 1000);
    const profileFile = args.includes('--profile') ? resolve(opt('profile', 'planner-page.cpuprofile')) : null;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    await page.evaluate(() => ((window as unknown as { __probe: { on: boolean } }).__probe.on = true));
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const profile = (await cdp.send('Profiler.stop')).profile;
    clearInterval(timer);
    if (profileFile) writeFileSync(profileFile, JSON.stringify(profile));
    const raw = await page.evaluate(() => {
      const p = (window as unknown as { __probe: { gaps: number[]; long: number[]; on: boolean } }).__probe;
      p.on = false;
      const map = document.querySelector<HTMLElement>('[data-testid=map]');
      return { gaps: p.gaps, long: p.long, rendering: map?.dataset.fleetRendering ?? null, shown: Number(map?.dataset.fleetSize ?? 0) };
    });
    if (args.includes('--screenshot')) await page.locator('.map-card').screenshot({ path: resolve(opt('screenshot', 'planner.png')) });
    // Where the main thread went: JavaScript, garbage collection, native work ("(program)": style, layout, paint, raster) and idle.
    const self = new Map<string, number>();
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
    profile.samples!.forEach((id, i) => {
      const name = nodes.get(id) ?? '';
      const kind = name === '(idle)' || name === '(program)' || name === '(garbage collector)' ? name : 'JavaScript';
      self.set(kind, (self.get(kind) ?? 0) + (profile.timeDeltas![i + 1] ?? 0) / 1000);
    });
    const gaps = [...raw.gaps].sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1);
    const load = (await import('node:os')).loadavg();
    process.stdout.write(
      `${bundle ? `bundle ${bundle}` : 'this build'}, feed ${feed}: ${raw.shown} vehicles as ${raw.rendering}, ${moving} moving; frame gaps p50 ${f(percentile(gaps, 0.5))} / p95 ${f(percentile(gaps, 0.95))} / p99 ${f(percentile(gaps, 0.99))} / max ${f(gaps[gaps.length - 1])} ms over ${gaps.length} frames; ` +
        `${raw.long.length} long tasks (${((100 * raw.long.reduce((a, b) => a + b, 0)) / (seconds * 1000)).toFixed(1)} % of ${seconds} s); main thread s: ` +
        ['JavaScript', '(garbage collector)', '(program)', '(idle)'].map((k) => `${k} ${((self.get(k) ?? 0) / 1000).toFixed(1)}`).join(', ') +
        `; load average ${load.map((x) => x.toFixed(1)).join(' / ')}\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
