import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { selfSignedAuthConfig } from '../dispatcher/auth/AuthConfig';
import { TokenIssuer } from '../dispatcher/auth/TokenIssuer';
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

const OSM = sharedPath('data', 'osm', 'seoul-songpa.osm.pbf');

test('serve without a token key refuses to start and says what to configure', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url };
  delete env.ANYSTOP_JWT_SECRET;
  delete env.ANYSTOP_JWT_PUBLIC_KEY;
  const child = spawn(process.execPath, [BIN, 'serve', '--osm', OSM, '--data', dir, '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  expect(await new Promise<number | null>((ok) => child.once('exit', ok))).toBe(1);
  expect(log).toMatch(/No token key configured\. Set ANYSTOP_JWT_SECRET .* or ANYSTOP_JWT_PUBLIC_KEY .*--dev-auth/);
});

test('serve migrates the database, answers the API to a token signed with ANYSTOP_JWT_SECRET and stops cleanly on SIGTERM', async () => {
  const auth = selfSignedAuthConfig();
  const child = spawn(process.execPath, [BIN, 'serve', '--osm', OSM, '--data', dir, '--port', '0', '--no-reoptimize'], {
    env: { ...process.env, DATABASE_URL: db.url, ANYSTOP_JWT_SECRET: auth.secret },
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
  expect((await fetch(`${url}/service-areas`)).status).toBe(401);
  const token = await new TokenIssuer(auth).token({ role: 'planner', subject: 'cli-test' });
  const areas = (await (await fetch(`${url}/service-areas`, { headers: { authorization: `Bearer ${token}` } })).json()) as { features: unknown[] };
  expect(areas.features).toHaveLength(1);
  expect((await fetch(`${url}/auth/dev-token`, { method: 'POST', body: '{"role":"operator"}' })).status).toBe(404);
  const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string };
  expect(doc.openapi).toBe('3.1.0');
  const exited = new Promise<number | null>((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
