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

const KEYS = ['served', 'requests', 'meanWaitS', 'p90WaitS', 'meanDetourRatio', 'meanOccupancy', 'passengersPerVehicleHour', 'vehicleKm', 'passengerKm', 'brokenPromises', 'onTimePickupShare', 'onTimeArrivalShare', 'promisesMoved', 'brokenPromisesByCause', 'etaErrorP90S'];

test('simulate --json prints one JSON object with the KPIs per fleet size, the baseline and the pooling ratio', () => {
  const report = join(dir, 'report.html');
  const trace = join(dir, 'trace.jsonl');
  const run = spawnSync(
    process.execPath,
    [BIN, 'simulate', '--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--peak-trips-per-hour', '60', '--duration', '8', '--fleet', '2,3', '--capacity', '6', '--baseline', '--offline-seconds', '1', '--window-curve', '4', '--trace', trace, '--report', report, '--json'],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: TEST_PG_ADMIN_URL }, timeout: 540_000 },
  );
  expect(run.status).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  type Outcomes = { completed: number; rejected: Record<string, number>; declined: number; acceptFailed: number; cancelled: number; noShow: number };
  type Figures = Record<string, unknown> & { outcomes: Outcomes; served: number; requests: number };
  const out = JSON.parse(lines[0]) as { fleets: Record<string, Figures & { offlineBound: { served: number; vehicleKm: number } }>; baseline: Record<string, Figures>; poolingRatio: unknown[]; requests: number };
  expect(Object.keys(out.fleets)).toEqual(['2', '3']);
  expect((out as unknown as { world: { traffic: string; noiseSigma: number; description: string } }).world).toMatchObject({ traffic: 'none', noiseSigma: 0, description: expect.stringMatching(/^traffic none, noise σ 0, no-shows 2\.0 %/) });
  expect(Object.keys(out.baseline)).toEqual(['2', '3']);
  for (const size of ['2', '3']) {
    expect(Object.keys(out.fleets[size]).sort()).toEqual(expect.arrayContaining(KEYS.sort()));
    expect(out.fleets[size].requests).toBe(out.requests);
    // The world is a real one by default (incidents, late riders, missed turns...): every broken promise has a cause.
    const byCause = out.fleets[size].brokenPromisesByCause as Record<string, number>;
    expect(Object.values(byCause).reduce((s, x) => s + x, 0)).toBe(out.fleets[size].brokenPromises);
    for (const run of [out.fleets[size], out.baseline[size]]) {
      // Every request ended one way: the breakdown adds up to all of them, and completed ones are the served ones.
      const o = run.outcomes;
      expect(Object.keys(o).sort()).toEqual(['acceptFailed', 'cancelled', 'completed', 'declined', 'noShow', 'rejected']);
      const rejected = Object.values(o.rejected).reduce((s, x) => s + x, 0);
      expect(o.completed + rejected + o.declined + o.acceptFailed + o.cancelled + o.noShow).toBe(out.requests);
      expect(o.completed).toBe(run.served);
    }
    const bound = out.fleets[size].offlineBound;
    expect(Object.keys(bound)).toEqual(expect.arrayContaining(['served', 'vehicleKm']));
    expect(bound.served).toBeGreaterThanOrEqual(1);
    expect(bound.served).toBeLessThanOrEqual(out.requests);
    expect(bound.vehicleKm).toBeGreaterThan(0);
  }
  const curve = (out as unknown as { serviceLevels: Array<{ windowS: number; fleet: number; servedShare: number; vehicleKm: number }> }).serviceLevels;
  expect(curve.map((p) => [p.windowS, p.fleet])).toEqual([[240, 3]]);
  expect(curve[0].servedShare).toBeGreaterThan(0);
  // The trace holds every decision with its candidates, each refused one with its reason.
  const decisions = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { mode: string; fleet: number; windowS?: number; candidates: Array<{ chosen: boolean; refused: string | null }> });
  expect(decisions.length).toBeGreaterThanOrEqual(out.requests);
  expect(new Set(decisions.map((d) => `${d.mode}/${d.fleet}${d.windowS ? ` window ${d.windowS}` : ''}`))).toEqual(new Set(['pooled/2', 'pooled/3', 'nearestIdle/2', 'nearestIdle/3', 'pooled/3 window 240']));
  for (const d of decisions) for (const c of d.candidates) expect(c.chosen || c.refused !== null || d.candidates.some((x) => x.chosen)).toBe(true);
  expect(out.poolingRatio).toHaveLength(2);
  expect(existsSync(report)).toBe(true);
  expect(readFileSync(report, 'utf8')).toMatch(/<svg/);
}, 600_000);

test('simulate refuses a bad fleet list with a plain message', () => {
  const run = spawnSync(process.execPath, [BIN, 'simulate', '--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--fleet', '10,zero'], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/--fleet must be a whole number/);
});
