import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_PG_ADMIN_URL } from '../test-support/db';
import { sharedPath } from '../test-support/sharedData';

/** `npx anystop simulate --json` is an interface other tools read: its keys are checked here. */
const BIN = resolve(__dirname, '..', 'bin', 'anystop.js');
const dir = mkdtempSync(join(tmpdir(), 'anystop-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['served', 'requests', 'meanWaitS', 'p90WaitS', 'meanDetourRatio', 'meanOccupancy', 'passengersPerVehicleHour', 'vehicleKm', 'passengerKm', 'brokenPromises'];

test('simulate --json prints one JSON object with the KPIs per fleet size, the baseline and the pooling ratio', () => {
  const report = join(dir, 'report.html');
  const run = spawnSync(
    process.execPath,
    [BIN, 'simulate', '--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--peak-trips-per-hour', '60', '--duration', '8', '--fleet', '2,3', '--capacity', '6', '--baseline', '--report', report, '--json'],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: TEST_PG_ADMIN_URL }, timeout: 240_000 },
  );
  expect(run.status).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const out = JSON.parse(lines[0]) as { fleets: Record<string, Record<string, unknown>>; baseline: Record<string, Record<string, unknown>>; poolingRatio: unknown[]; requests: number };
  expect(Object.keys(out.fleets)).toEqual(['2', '3']);
  for (const size of ['2', '3']) {
    expect(Object.keys(out.fleets[size]).sort()).toEqual(expect.arrayContaining(KEYS.sort()));
    expect(out.fleets[size].requests).toBe(out.requests);
    expect(out.fleets[size].brokenPromises).toBe(0);
  }
  expect(Object.keys(out.baseline)).toEqual(['2', '3']);
  expect(out.poolingRatio).toHaveLength(2);
  expect(existsSync(report)).toBe(true);
  expect(readFileSync(report, 'utf8')).toMatch(/<svg/);
}, 300_000);

test('simulate refuses a bad fleet list with a plain message', () => {
  const run = spawnSync(process.execPath, [BIN, 'simulate', '--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--fleet', '10,zero'], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/--fleet must be a whole number/);
});
