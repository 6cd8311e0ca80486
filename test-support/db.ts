import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type Database, openDatabase, type OpenDatabaseOptions } from '../dispatcher/persistence/Database';

/** The real PostgreSQL (with PostGIS installed) the persistence tests create their databases on; scripts/test.sh starts it. */
export const TEST_PG_ADMIN_URL = process.env.ANYSTOP_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** anystop_test_<random>: each test file gets its own. */
  name: string;
  url: string;
  /** Opened at creation; migrations ran unless `migrate: false`. */
  db: Database;
  /** Another Database on the same data, as a restarted process would open it. */
  reopen(): Promise<Database>;
  /** Closes every Database opened here, then drops the test database. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `The persistence tests need PostgreSQL 15 with PostGIS at ${TEST_PG_ADMIN_URL} (set ANYSTOP_TEST_PG_ADMIN_URL): ` +
        'bash scripts/test.sh installs and starts it',
      { cause: e },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the test server, dropped by drop(). */
export async function createTestDatabase(options: Omit<OpenDatabaseOptions, 'databaseUrl'> = {}): Promise<TestDatabase> {
  const name = `anystop_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const opened: Database[] = [];
  const open = async (migrate: boolean | undefined): Promise<Database> => {
    const db = await openDatabase({ ...options, migrate, databaseUrl: url.toString(), poolMax: options.poolMax ?? 4 });
    opened.push(db);
    return db;
  };
  let db: Database;
  try {
    db = await open(options.migrate);
  } catch (e) {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw e;
  }
  return {
    name,
    url: url.toString(),
    db,
    reopen: () => open(options.migrate),
    async drop() {
      await Promise.all(opened.map((d) => d.close()));
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
