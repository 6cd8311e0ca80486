import type { PositionRecord } from '../persistence/records';

/** Limits of the GPS write-behind, with their defaults. */
export const POSITION_WRITER_DEFAULTS = Object.freeze({
  /** Positions are written at least this often... */
  flushEveryMs: 1000,
  /** ...or as soon as this many wait. */
  maxBuffered: 2000,
});

/**
 * Writes GPS positions behind the request, in batches (one transaction per second instead of one per ping).
 * Positions are telemetry, not promises: a crash loses at most the last second of them, never a trip.
 */
export class PositionWriter {
  private buffer: PositionRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(
    private readonly write: (batch: PositionRecord[]) => Promise<void>,
    private readonly options: { flushEveryMs: number; maxBuffered: number } = POSITION_WRITER_DEFAULTS,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  add(p: PositionRecord): void {
    this.buffer.push(p);
    if (this.buffer.length >= this.options.maxBuffered) void this.flush();
    else if (!this.timer) {
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
      } catch (e) {
        // The database is away: keep the newest positions for the next try, drop the rest (telemetry).
        this.failures++;
        this.buffer = [...batch.slice(-this.options.maxBuffered), ...this.buffer].slice(-this.options.maxBuffered);
        this.onError(e);
      }
    });
    return this.flushing;
  }
}
