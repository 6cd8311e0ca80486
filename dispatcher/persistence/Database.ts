import { Pool } from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './EmbeddedPostgres';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import { createRepositories, type Repositories } from './Repositories';
import { type MigrationReport, runMigrations } from './runMigrations';

/** Connections to a real server per process. */
export const DEFAULT_POOL_MAX = 10;
/** A connection attempt that takes longer fails (a server behind a dead network would otherwise hang requests). */
export const CONNECT_TIMEOUT_MS = 5000;
/** How long ping() waits for `SELECT 1` before it calls the database down. */
export const PING_TIMEOUT_MS = 1000;

export interface OpenDatabaseOptions {
  /** postgres://user:password@host:port/db of a PostgreSQL server with PostGIS available. Omitted: embedded PGlite. */
  databaseUrl?: string;
  /** The embedded database's data folder (default .data/pglite); ignored with databaseUrl. */
  embeddedDataDir?: string;
  migrationsDir?: string;
  /** Run the migrations on open (default true). */
  migrate?: boolean;
  /** Pool size for a real server (the embedded database always gets one connection). */
  poolMax?: number;
  /** Progress for people waiting: the embedded cold start, each migration, lost connections. */
  onProgress?: (message: string) => void;
}

export interface Database {
  /** 'server': DATABASE_URL; 'embedded': PGlite served on 127.0.0.1 by pglite-socket. Both are used through `pool`. */
  readonly kind: 'server' | 'embedded';
  /** Where the pool connects, password removed. */
  readonly url: string;
  readonly pool: Pool;
  readonly repos: Repositories;
  /** What ran on open, or null when migrate was false. */
  readonly migrations: MigrationReport | null;
  /** True when `SELECT 1` answers within `timeoutMs` (default PING_TIMEOUT_MS): the readiness check. Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Ends the pool, then stops the embedded database if there is one. Idempotent. */
  close(): Promise<void>;
}

/** DATABASE_URL and ANYSTOP_PGLITE_DIR, read once by whoever starts the process. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv): Pick<OpenDatabaseOptions, 'databaseUrl' | 'embeddedDataDir'> {
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.ANYSTOP_PGLITE_DIR ? { embeddedDataDir: env.ANYSTOP_PGLITE_DIR } : {}),
  };
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    throw new PersistenceError(PersistenceErrorCode.DatabaseUnavailable, 'DATABASE_URL is not a URL: use postgres://user:password@host:5432/database');
  }
}

/**
 * Opens the database the dispatcher keeps its truth in, and brings its schema up to date. With a databaseUrl, a
 * pg.Pool on that server; without, an embedded PGlite with PostGIS in a data folder, served on a free local port and
 * reached through the same pg.Pool code path (one connection: PGlite is single-user).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const onProgress = options.onProgress ?? (() => {});
  let embedded: EmbeddedPostgres | null = null;
  let pool: Pool;
  let url: string;
  if (options.databaseUrl) {
    url = redacted(options.databaseUrl);
    pool = new Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? DEFAULT_POOL_MAX, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: options.embeddedDataDir, onProgress });
    url = embedded.url;
    // One connection, never closed for idleness: a reconnect would race the server noticing the old socket closed.
    pool = new Pool({ connectionString: embedded.url, max: 1, idleTimeoutMillis: 0 });
  }
  // An idle client's connection dropping must not crash the process; the pool replaces it on next use.
  pool.on('error', (e) => onProgress(`database connection lost (${e.message}); reconnecting on next use`));
  // A checked-out client has no listener of pg's: its connection dying (a server stopping mid-transaction) would be an
  // unhandled 'error' event and crash the process. The query in flight still rejects, and the pool drops the client.
  pool.on('connect', (client) => client.on('error', () => {}));

  const closeAll = async (): Promise<void> => {
    await pool.end();
    await embedded?.stop();
  };
  let migrations: MigrationReport | null = null;
  try {
    try {
      await pool.query('SELECT 1');
    } catch (e) {
      throw new PersistenceError(
        PersistenceErrorCode.DatabaseUnavailable,
        `Cannot reach PostgreSQL at ${url} (${e instanceof Error ? e.message : String(e)}): start it, or fix DATABASE_URL, or unset it for the embedded database`,
        { cause: e },
      );
    }
    if (options.migrate ?? true) {
      onProgress('checking database migrations…');
      migrations = await runMigrations(pool, { dir: options.migrationsDir, onProgress });
    }
  } catch (e) {
    await closeAll().catch(() => {});
    throw e;
  }

  let closed: Promise<void> | undefined;
  return {
    kind: embedded ? 'embedded' : 'server',
    url,
    pool,
    repos: createRepositories(pool),
    migrations,
    async ping(timeoutMs = PING_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const answered = pool.query('SELECT 1').then(() => true, () => false);
      try {
        return await Promise.race([answered, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closed ??= closeAll();
      return closed;
    },
  };
}
