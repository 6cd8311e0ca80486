import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';

/** One forward-only migration: `NNNN_name.sql`, run once in its own transaction. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the text (line endings normalised, so a CRLF checkout is not an edit). */
  checksum: string;
}

export interface MigrationReport {
  /** Run now, in order. */
  applied: string[];
  /** Recorded in schema_migrations before this run. */
  alreadyApplied: string[];
}

export interface RunMigrationsOptions {
  /** Folder of NNNN_name.sql files; defaults to the repository's migrations/. */
  dir?: string;
  onProgress?: (message: string) => void;
}

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
/** pg_advisory_lock key: several dispatchers starting at once migrate one after another, not together. */
const MIGRATION_LOCK_KEY = 0x616e7973; // 'anys'

/** migrations/ at the repository root, from the sources (dispatcher/persistence) or from dist/dispatcher/persistence. */
export function defaultMigrationsDir(): string {
  const candidates = [resolve(__dirname, '..', '..', 'migrations'), resolve(__dirname, '..', '..', '..', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, '0001_postgis.sql')));
  if (!found) throw new PersistenceError(PersistenceErrorCode.MigrationRejected, `No migrations folder at ${candidates.join(' or ')}: pass dir`);
  return found;
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** The folder's migrations in name order. Other files (README.md) are ignored; a misnamed .sql file is an error. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const seenNumbers = new Set<string>();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!FILE_NAME.test(name)) {
      throw new PersistenceError(PersistenceErrorCode.MigrationRejected, `Migration ${name} is misnamed: use NNNN_lower_snake_case.sql`);
    }
    const number = name.slice(0, 4);
    if (seenNumbers.has(number)) {
      throw new PersistenceError(PersistenceErrorCode.MigrationRejected, `Two migrations are numbered ${number}: renumber the newer one`);
    }
    seenNumbers.add(number);
    const sql = await readFile(join(dir, name), 'utf8');
    files.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return files;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

/**
 * Brings the database up to date: runs each migration not yet in schema_migrations, each in its own transaction,
 * and records its name and checksum. Refuses to run anything when an applied file's checksum changed. Running it
 * again is a no-op.
 */
export async function runMigrations(pool: Pool, options: RunMigrationsOptions = {}): Promise<MigrationReport> {
  const onProgress = options.onProgress ?? (() => {});
  const files = await readMigrations(options.dir ?? defaultMigrationsDir());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const appliedRows = (await client.query<AppliedRow>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
    const applied = new Map(appliedRows.map((r) => [r.name, r.checksum]));

    for (const file of files) {
      const recorded = applied.get(file.name);
      if (recorded !== undefined && recorded !== file.checksum) {
        throw new PersistenceError(
          PersistenceErrorCode.MigrationRejected,
          `Migration ${file.name} changed after it was applied (checksum ${recorded.slice(0, 12)}… is now ${file.checksum.slice(0, 12)}…): ` +
            'restore the file and put the change in a new migration',
        );
      }
    }
    const known = new Set(files.map((f) => f.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) onProgress(`database has migration ${name} that this code does not know (newer release?)`);
    }

    const report: MigrationReport = { applied: [], alreadyApplied: [...applied.keys()] };
    for (const file of files) {
      if (applied.has(file.name)) continue;
      onProgress(`applying migration ${file.name}`);
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        const reason = e instanceof Error ? e.message : String(e);
        throw new PersistenceError(PersistenceErrorCode.MigrationRejected, `Migration ${file.name} failed and was rolled back: ${reason}`, { cause: e });
      }
      report.applied.push(file.name);
    }
    if (report.applied.length === 0) onProgress('database schema is up to date');
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}
