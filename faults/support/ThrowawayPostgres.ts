import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
/** Debian's PostgreSQL 15 programs (PostGIS is installed for every cluster of that version). */
export const PG_BIN = process.env.ANYSTOP_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of its own for a test that stops and starts its server: initdb into a temporary folder, a free
 * port on 127.0.0.1, trust authentication, no fsync. The shared server at 5432 that other test files use in parallel is
 * never touched. As root the programs run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<ThrowawayPostgres> {
    if (!existsSync(join(PG_BIN, 'initdb'))) {
      throw new Error(`The database-outage test needs PostgreSQL 15's initdb in ${PG_BIN} (apt-get install postgresql-15, or set ANYSTOP_PG_BIN)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'anystop-outage-pg-'));
    if (isRoot()) chownSync(dir, ...postgresIds());
    const cluster = new ThrowawayPostgres(dir, await freePort());
    try {
      await cluster.pg('initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
      await cluster.start();
    } catch (e) {
      await cluster.remove();
      throw new Error(`Could not create a throw-away PostgreSQL cluster in ${dir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return cluster;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -h 127.0.0.1 -k ${this.dir} -F -c max_connections=50`;
    await this.pg('pg_ctl', ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options]);
  }

  /** Stops the server: `fast` ends every session at once (57P01), as an operator's restart does. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '60', '-D', this.dataDir, '-m', mode]);
  }

  async query(database: string, sql: string): Promise<void> {
    const c = new Client({ connectionString: this.url(database) });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  /** The server's log, for failure messages. */
  log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stops the server if it runs and deletes the cluster. */
  async remove(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const path = join(PG_BIN, program);
    const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
    await run(cmd, argv, { timeout: 90_000 });
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('No postgres user: install PostgreSQL 15 (apt-get install postgresql-15)');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
