import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedPath } from '../test-support/sharedData';

/** `npx anystop routing prepare|serve` as an operator runs it: the package's bin on the compiled dist/. */
const BIN = resolve(__dirname, '..', 'bin', 'anystop.js');
const dir = mkdtempSync(join(tmpdir(), 'anystop-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('routing prepare --json prints one summary line and writes a loadable folder', () => {
  const out = join(dir, 'songpa');
  const run = spawnSync(process.execPath, [BIN, 'routing', 'prepare', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--out', out, '--json'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]) as { nodes: number; chains: number; out: string };
  expect(summary.nodes).toBeGreaterThan(100);
  expect(summary.out).toBe(out);
  expect(run.stderr).toMatch(/Prepared/);
});

test('routing prepare of a missing file fails with a plain message and exit code 1', () => {
  const run = spawnSync(process.execPath, [BIN, 'routing', 'prepare', join(dir, 'nope.osm.pbf'), '--out', join(dir, 'x')], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/No such OSM extract/);
  expect(run.stderr).not.toMatch(/    at /); // no stack trace
});

test('routing serve answers OSRM requests on 127.0.0.1 and stops on SIGTERM', async () => {
  const out = join(dir, 'songpa');
  spawnSync(process.execPath, [BIN, 'routing', 'prepare', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--out', out]);
  const server = spawn(process.execPath, [BIN, 'routing', 'serve', out, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const port = await new Promise<number>((ok, fail) => {
      let text = '';
      server.stderr.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
        if (m) ok(Number(m[1]));
      });
      server.once('exit', () => fail(new Error(text)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/route/v1/driving/127.109301,37.51282;127.104385,37.521982?overview=false`);
    const body = (await res.json()) as { code: string; routes: Array<{ duration: number }> };
    expect(body.code).toBe('Ok');
    expect(body.routes[0].duration).toBeGreaterThan(60);
  } finally {
    const exited = new Promise((ok) => server.once('exit', ok));
    server.kill('SIGTERM');
    await exited;
  }
});

test('routing serve of an unprepared folder says how to prepare one', () => {
  const run = spawnSync(process.execPath, [BIN, 'routing', 'serve', join(dir, 'empty')], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/routing prepare/);
});
