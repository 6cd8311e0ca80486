import type { PositionRecord } from '../persistence/records';

/** Limits of the GPS write-behind, with their defaults. */
export const POSITION_WRITER_DEFAULTS = Object.freeze({
  /** Positions are written at least this often... */
  flushEveryMs: 1000,
  /** ...or as soon as this many wait. */
  maxBuffered: 2000,
  /** While the database is away, retries back off from flushEveryMs, doubling, up to this. */
  retryMaxMs: 10_000,
});

export interface PositionWriterOptions {
  flushEveryMs: number;
  maxBuffered: number;
  retryMaxMs?: number;
}

/**
 * Writes GPS positions behind the request, in batches (one transaction per second instead of one per ping).
 * Positions are telemetry, not promises: a crash loses at most the last second of them, never a trip.
 */
export class PositionWriter {
  private buffer: PositionRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  failures = 0;
  /** Failed writes since the last one that worked. */
  failingInARow = 0;

  constructor(
    private readonly write: (batch: PositionRecord[]) => Promise<void>,
    private readonly options: PositionWriterOptions = POSITION_WRITER_DEFAULTS,
    /** Told about every failed write; `inARow` is 1 for the first of an outage. */
    private readonly onError: (e: unknown, inARow: number) => void = () => {},
    /** Told when a write works again after `failures` failed ones. */
    private readonly onRecovered: (failures: number) => void = () => {},
  ) {}

  add(p: PositionRecord): void {
    this.buffer.push(p);
    if (this.buffer.length >= this.options.maxBuffered) {
      // During an outage the retry timer decides when to try again; meanwhile only the newest positions are kept.
      if (this.failingInARow > 0) this.buffer.splice(0, this.buffer.length - this.options.maxBuffered);
      else void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered (and waits for a write in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.write(batch);
        if (this.failingInARow > 0) this.onRecovered(this.failingInARow);
        this.failingInARow = 0;
      } catch (e) {
        // The database is away: keep the newest positions for the next try, drop the rest (telemetry).
        this.failures++;
        this.failingInARow++;
        this.buffer = [...batch.slice(-this.options.maxBuffered), ...this.buffer].slice(-this.options.maxBuffered);
        this.onError(e, this.failingInARow);
        this.retryLater();
      }
    });
    return this.flushing;
  }

  /** The next try without waiting for another position: later and later while the outage lasts. */
  private retryLater(): void {
    if (this.timer) return;
    const delay = Math.min(this.options.retryMaxMs ?? POSITION_WRITER_DEFAULTS.retryMaxMs, this.options.flushEveryMs * 2 ** (this.failingInARow - 1));
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref();
  }
}
