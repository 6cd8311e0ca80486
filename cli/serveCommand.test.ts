import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { sharedPath } from '../test-support/sharedData';

/** `npx anystop serve` as an operator runs it, on the real PostgreSQL. */
const BIN = resolve(__dirname, '..', 'bin', 'anystop.js');
let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'anystop-serve-'));

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('serve migrates the database, answers the API and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--data', dir, '--port', '0', '--no-reoptimize'], {
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /dispatcher on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${log}`)));
  });
  expect(log).toMatch(/applying migration 0001_postgis\.sql/);
  expect(log).toMatch(/road network hull/);
  const areas = (await (await fetch(`${url}/service-areas`)).json()) as { features: unknown[] };
  expect(areas.features).toHaveLength(1);
  const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string };
  expect(doc.openapi).toBe('3.1.0');
  const exited = new Promise<number | null>((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
