import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The compiled command line, as operators run it (scripts/test.sh builds dist/ first). */
export const ANYSTOP_BIN = resolve(__dirname, '..', '..', 'bin', 'anystop.js');

export interface ServeOptions {
  /** Arguments after `serve`, e.g. ['--router-data', dir, '--port', '0']. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Extra flags for node itself (e.g. --max-old-space-size), passed in NODE_OPTIONS. */
  nodeFlags?: string[];
  /** How long to wait for "dispatcher on http://…". */
  startTimeoutMs?: number;
}

/**
 * `anystop serve` as a child process: waits until it listens, keeps its stderr for failure messages, and lets a test
 * signal it (SIGTERM for a graceful stop, SIGKILL for a crash) and read its memory.
 */
export class ServeProcess {
  log = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    log: string,
  ) {
    this.exited = exited;
    this.log = log;
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
  }

  static async start(options: ServeOptions): Promise<ServeProcess> {
    // The command itself, as operators start it: its first line gives node the product's flags.
    const nodeOptions = [options.env.NODE_OPTIONS, ...(options.nodeFlags ?? [])].filter((o) => o).join(' ');
    const child = spawn(ANYSTOP_BIN, ['serve', ...options.args], {
      env: { ...options.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
    let log = '';
    const onData = (d: Buffer) => (log += d.toString());
    child.stderr!.on('data', onData);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`anystop serve did not listen within ${timeoutMs} ms:\n${log}`)), timeoutMs);
      const look = () => {
        const m = /dispatcher on (http:\/\/[\d.]+:\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      };
      child.stderr!.on('data', look);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        fail(new Error(`anystop serve exited (${code ?? signal}) before listening:\n${log}`));
      });
    });
    child.stderr!.off('data', onData);
    return new ServeProcess(child, url, exited, log);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory of the process, from /proc (Linux). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!kb) throw new Error(`no VmRSS in /proc/${this.pid}/status`);
    return Number(kb[1]) * 1024;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal and waits for the exit. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** A crash: SIGKILL, no chance to clean up. */
  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.signal('SIGKILL');
  }
}
