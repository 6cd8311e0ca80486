import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { ServiceRulesRepository } from '../dispatcher/persistence/ServiceRulesRepository';
import { readFeedFrom, unzipFeed } from '../dispatcher/standards/gtfsFlex/FeedFiles';
import { parseFlexFeed } from '../dispatcher/standards/gtfsFlex/parseFlexFeed';
import { validateFlexFeed } from '../dispatcher/standards/gtfsFlex/validateFlexFeed';
import { registerGtfsCommands } from './gtfsCommands';

const FIXTURES = join(__dirname, '..', 'dispatcher', 'standards', 'gtfsFlex', '__fixtures__');
const HANDWRITTEN = join(FIXTURES, 'handwritten');
const dir = mkdtempSync(join(tmpdir(), 'anystop-gtfs-'));
let db: TestDatabase;
let savedUrl: string | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  savedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = db.url;
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await db?.drop();
});

/** Runs `anystop gtfs ...` in process against the test database; what it printed and the exit code it set. */
async function anystop(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    const program = new Command().exitOverride();
    registerGtfsCommands(program);
    await program.parseAsync(['node', 'anystop', 'gtfs', ...args]);
    return { out, err, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('anystop gtfs import and export against PostgreSQL', () => {
  test('a fresh service exports its service area with default hours and rules, and the export passes the checks', async () => {
    await db.db.repos.serviceAreas.create({ name: 'Songpa', geometry: { type: 'Polygon', coordinates: [[[127.05, 37.47], [127.16, 37.47], [127.16, 37.55], [127.05, 37.55], [127.05, 37.47]]] }, atS: 1_780_000_000 });
    const out = join(dir, 'default.zip');
    const run = await anystop('export', '--out', out, '--json');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ out, zones: 1, bookingRules: 1, calendars: 1, hours: 1 });
    const files = unzipFeed(new Uint8Array(readFileSync(out)));
    expect(validateFlexFeed(files)).toEqual([]);
    expect(parseFlexFeed(files).service.zones.map((z) => z.name)).toEqual(['Songpa']);
  });

  test('import --json prints one line with zones, bookingRules, calendars and warnings, and the zones become service areas the dispatcher covers', async () => {
    const run = await anystop('import', HANDWRITTEN, '--json');
    expect(run.exitCode).toBe(0);
    const lines = run.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { zones: number; bookingRules: number; calendars: number; warnings: string[]; serviceAreas: Record<string, number> };
    expect(report).toMatchObject({ zones: 2, bookingRules: 3, calendars: 2 });
    expect(report.warnings).toContain('stop_times.txt:6: trip stations-weekday serves location group stations; Anystop serves zones (locations.geojson) only, trip ignored');
    const areas = await db.db.repos.serviceAreas.list({ activeOnly: true });
    expect(areas.map((a) => a.name).sort()).toEqual(['Jamsil', 'Olympic Park', 'Songpa'].sort());
    expect(Object.keys(report.serviceAreas).sort()).toEqual(['jamsil', 'olympic']);
    expect(await db.db.repos.serviceAreas.covers([127.095, 37.51])).toBe(true);
  });

  test('export → validate → re-import gives the same zones, hours and rules', async () => {
    const stored = await new ServiceRulesRepository(db.db.pool).load();
    if (!stored) throw new Error('the import stored nothing');
    const expected = parseFlexFeed(readFeedFrom(HANDWRITTEN)).service;
    expect(stored.service).toEqual(expected);

    const first = join(dir, 'first.zip');
    expect((await anystop('export', '--out', first)).exitCode).toBe(0);
    const exported = unzipFeed(new Uint8Array(readFileSync(first)));
    expect(validateFlexFeed(exported)).toEqual([]);
    expect(parseFlexFeed(exported).service).toEqual(expected);

    const again = await anystop('import', first, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ zones: 2, bookingRules: 3, calendars: 2, warnings: [] });
    const reloaded = await new ServiceRulesRepository(db.db.pool).load();
    expect(reloaded?.service).toEqual(expected);
    // The second import replaced the first one's service areas instead of adding to them.
    expect((await db.db.repos.serviceAreas.list({ activeOnly: true })).map((a) => a.name).sort()).toEqual(['Jamsil', 'Olympic Park', 'Songpa']);
  });

  test('the gtfs npm package reads the export independently: agency, route, trips, calendars, booking rules and zones', async () => {
    const zip = join(dir, 'first.zip');
    const read = JSON.parse(execFileSync(process.execPath, [join(FIXTURES, 'readWithGtfsLibrary.mjs'), zip], { encoding: 'utf8' })) as Record<string, Record<string, unknown>[]> & { errors: string[] };
    expect(read.agencies).toEqual([expect.objectContaining({ agency_id: 'songpa', agency_name: 'Songpa On-Demand', agency_timezone: 'Asia/Seoul' })]);
    expect(read.routes).toEqual([expect.objectContaining({ route_id: 'drt', route_type: 3, route_long_name: 'Songpa DRT' })]);
    expect(read.trips!.map((t) => [t.trip_id, t.service_id])).toEqual([
      ['jamsil-weekday', 'weekdays'],
      ['jamsil-to-olympic-weekend', 'weekend'],
    ]);
    expect(read.calendars!.map((c) => [c.service_id, c.monday, c.saturday, c.start_date, c.end_date])).toEqual([
      ['weekdays', 1, 0, 20260105, 20261231],
      ['weekend', 0, 1, 20260103, 20261227],
    ]);
    expect(read.calendarDates).toHaveLength(3);
    expect(read.bookingRules!.map((r) => [r.booking_rule_id, r.booking_type, r.prior_notice_duration_min, r.prior_notice_last_day, r.prior_notice_last_time])).toEqual([
      ['now', 0, null, null, null],
      ['same-day', 1, 30, null, null],
      ['day-before', 2, null, 1, '17:00:00'],
    ]);
    const zones = JSON.parse(String(read.locations![0]!.geojson)) as { features: { id: string }[] };
    expect(zones.features.map((f) => f.id)).toEqual(['jamsil', 'olympic']);
    // node-gtfs on Node 20 (<= 4.18.2) predates GTFS-Flex's conditional stop_id: it skips stop_times at a location_id.
    // Our own validator checks stop_times; this pins the library's known gap so a fixed release shows up here.
    expect(read.errors[0]).toBe('Error processing stop_times.txt: Missing required value in stop_times.txt for stop_id on line 2.');
  });

  test('a broken feed fails naming the file, line and field, and changes nothing', async () => {
    const before = await new ServiceRulesRepository(db.db.pool).load();
    const broken = join(dir, 'broken');
    execFileSync('cp', ['-r', HANDWRITTEN, broken]);
    const rules = readFileSync(join(broken, 'booking_rules.txt'), 'utf8').replace('same-day,1,30,', 'same-day,1,,');
    writeFileSync(join(broken, 'booking_rules.txt'), rules);
    const run = await anystop('import', broken, '--json');
    expect(run.exitCode).toBe(1);
    const answer = JSON.parse(run.out) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('FeedInvalid');
    expect(answer.error.message).toBe('booking_rules.txt:3 prior_notice_duration_min: is required for booking_type=1');
    expect(await new ServiceRulesRepository(db.db.pool).load()).toEqual(before);
  });
});
