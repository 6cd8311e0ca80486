import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type Database, openDatabase } from './Database';

/**
 * A throw-away database for one what-if run: a fresh database on the server of `serverUrl` (which needs
 * CREATE DATABASE), or an embedded PGlite in a temporary folder. Closing it drops it.
 */
export async function openScratchDatabase(serverUrl: string | undefined, onProgress?: (m: string) => void): Promise<Database> {
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'anystop-scratch-'));
    const db = await openDatabase({ embeddedDataDir: dir, onProgress });
    return { ...db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `anystop_scratch_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const db = await openDatabase({ databaseUrl: url.toString(), onProgress });
    return { ...db, close: async () => { await db.close(); await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } };
  } catch (e) {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw e;
  }
}
