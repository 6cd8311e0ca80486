import { ServeProcess, type ServeOptions } from './ServeProcess';

/** One crash: when it was planned, how long the dispatcher was away, how long its drivers took to sign in again. */
export interface CrashRecord {
  atS: number;
  /** Milliseconds from SIGKILL until the restarted process listened. */
  downMs: number;
  /** Milliseconds from listening until every driver had its manifest again. */
  reconnectMs: number;
}

/**
 * `anystop serve` on a fixed port that a test can kill -9 and start again with the same arguments, database and
 * clock file: the restarted process must rebuild everything from PostgreSQL.
 */
export class RestartableServe {
  readonly crashes: CrashRecord[] = [];
  private current: ServeProcess | null = null;

  constructor(private readonly options: ServeOptions) {}

  get process(): ServeProcess {
    if (!this.current) throw new Error('anystop serve is not running: start() it first');
    return this.current;
  }

  /** Every log line of every run, in order. */
  logs: string[] = [];

  async start(): Promise<string> {
    this.current = await ServeProcess.start(this.options);
    return this.current.url;
  }

  /** kill -9, then the same command again; resolves once the new process listens. */
  async crashAndRestart(atS: number, driversBack: () => Promise<void>): Promise<CrashRecord> {
    const old = this.process;
    const t0 = performance.now();
    await old.kill9();
    this.logs.push(old.log);
    await this.start();
    const listening = performance.now();
    await driversBack();
    const record = { atS, downMs: listening - t0, reconnectMs: performance.now() - listening };
    this.crashes.push(record);
    return record;
  }

  async stop(): Promise<void> {
    if (!this.current) return;
    if (this.current.running) await this.current.signal('SIGTERM');
    this.logs.push(this.current.log);
    this.current = null;
  }
}
