import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Chromium, launchChromium } from './support/launchChromium';
import { SCREENSHOT_DIR, screenshot } from './support/screenshots';
import { cutOffTiles } from './support/tiles';

/**
 * The README's demo as a person meets it: `anystop demo` with the embedded database (no DATABASE_URL), a
 * simulated fleet and riders, then the rider page in headless Chromium showing vehicles that move.
 */
const REPO = resolve(__dirname, '..');
const data = mkdtempSync(join(tmpdir(), 'anystop-demo-'));
let demo: ChildProcess;
let chromium: Chromium;
let url: string;

beforeAll(async () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  demo = spawn(
    process.execPath,
    [join(REPO, 'bin', 'anystop.js'), 'demo', '--osm', join(REPO, '..', 'shared', 'data', 'osm', 'seoul-songpa.osm.pbf'), '--port', '0', '--data', data, '--speedup', '10', '--fleet', '6'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  url = await new Promise<string>((ok, fail) => {
    demo.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /rider:\s+(http:\/\/127\.0\.0\.1:\d+)\/rider/.exec(log);
      if (m) ok(m[1]);
    });
    demo.once('exit', (code) => fail(new Error(`anystop demo exited with ${code}:\n${log}`)));
  });
  expect(log).toMatch(/embedded PostgreSQL/);
  chromium = await launchChromium();
  await cutOffTiles(chromium.context);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((r) => demo.once('exit', r));
    demo.kill('SIGTERM');
    await exited;
  }
  rmSync(data, { recursive: true, force: true });
});

test('the rider page of the running demo shows vehicles moving on the map', async () => {
  const page = await chromium.context.newPage();
  await page.goto(`${url}/rider`);
  const markers = page.locator('[data-testid=nearby-vehicle]');
  await markers.first().waitFor({ timeout: 30_000 });
  const where = () => markers.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
  const before = await where();
  // Ten simulated seconds per real second: a few seconds later some bus has moved.
  let after = before;
  for (let k = 0; k < 20 && after.join() === before.join(); k++) {
    await page.waitForTimeout(1000);
    after = await where();
  }
  expect(before.length).toBeGreaterThan(0);
  expect(after.join()).not.toBe(before.join());
  const shot = await screenshot(page, 'demo-rider');
  process.stdout.write(`demo screenshot: ${shot} (all screenshots in ${SCREENSHOT_DIR})\n`);
}, 90_000);
