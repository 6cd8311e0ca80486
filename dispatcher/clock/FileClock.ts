import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from './Clock';

/**
 * Test-only: the dispatch time read from a file (epoch seconds as text) at every call. A simulator in another process
 * steps it with writeClockFile; a dispatcher restarted on the same file goes on at the time the simulation left it, so a
 * crash test can kill and restart `anystop serve` (`--clock-file`) in the middle of a stepped simulation. Never in service.
 */
export class FileClock implements Clock {
  private last: number;

  constructor(private readonly path: string) {
    const t = this.read();
    if (t === null) throw new Error(`--clock-file ${path} must hold the time as epoch seconds (write it with writeClockFile first)`);
    this.last = t;
  }

  nowS(): number {
    // A read that fails (never expected: the file is replaced by rename) keeps the last time rather than failing a request.
    this.last = this.read() ?? this.last;
    return this.last;
  }

  private read(): number | null {
    try {
      const t = Number(readFileSync(this.path, 'utf8'));
      return Number.isFinite(t) ? t : null;
    } catch {
      return null;
    }
  }
}

/** Sets the time a FileClock reads, atomically (a reader sees the old time or the new, never half a number). */
export function writeClockFile(path: string, nowS: number): void {
  const scratch = `${path}.${process.pid}.tmp`;
  writeFileSync(scratch, String(nowS));
  renameSync(scratch, path);
}
