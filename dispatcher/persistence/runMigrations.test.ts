import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { isPersistenceError } from './PersistenceError';
import { defaultMigrationsDir, migrationChecksum, readMigrations, runMigrations } from './runMigrations';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  dir = await mkdtemp(join(tmpdir(), 'anystop-migrations-'));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
});
afterAll(async () => {
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function recorded(): Promise<{ name: string; checksum: string }[]> {
  return (await t.db.pool.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
}

describe('migrations', () => {
  test('fresh database: every file runs in order and is recorded with its checksum', async () => {
    const files = await readMigrations(dir);
    const report = await runMigrations(t.db.pool, { dir });
    expect(report.applied).toEqual(files.map((f) => f.name));
    expect(report.alreadyApplied).toEqual([]);
    expect(await recorded()).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
    const tables = await t.db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['events', 'schema_migrations', 'service_areas', 'shifts', 'stops', 'trips', 'vehicle_last_position', 'vehicle_position_history', 'vehicles']),
    );
  });

  test('second run on an up-to-date database: nothing runs, nothing is recorded again', async () => {
    const before = await recorded();
    const report = await runMigrations(t.db.pool, { dir });
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toEqual(before.map((r) => r.name));
    expect(await recorded()).toEqual(before);
  });

  test('applied file edited afterwards: refused before anything new runs', async () => {
    await writeFile(join(dir, '0001_postgis.sql'), '-- edited\nCREATE EXTENSION IF NOT EXISTS postgis;\n');
    await writeFile(join(dir, '0999_later.sql'), 'CREATE TABLE later (id int);\n');
    const before = await recorded();
    const error = await runMigrations(t.db.pool, { dir }).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('MigrationRejected');
    expect((error as Error).message).toMatch(/0001_postgis\.sql changed after it was applied/);
    expect(await recorded()).toEqual(before);
    const later = await t.db.pool.query(`SELECT to_regclass('later') AS t`);
    expect(later.rows[0].t).toBeNull();
    await cp(join(defaultMigrationsDir(), '0001_postgis.sql'), join(dir, '0001_postgis.sql'));
    await rm(join(dir, '0999_later.sql'));
  });

  test('failing migration: its statements roll back and it stays unrecorded', async () => {
    await writeFile(join(dir, '0998_half.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    const error = await runMigrations(t.db.pool, { dir }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/0998_half\.sql failed and was rolled back/);
    expect((await recorded()).map((r) => r.name)).not.toContain('0998_half.sql');
    const half = await t.db.pool.query(`SELECT to_regclass('half_done') AS t`);
    expect(half.rows[0].t).toBeNull();
    await rm(join(dir, '0998_half.sql'));
  });

  test('checksums ignore CRLF line endings', () => {
    expect(migrationChecksum('a;\r\nb;\r\n')).toBe(migrationChecksum('a;\nb;\n'));
  });
});
