import type { EventRecord } from '../persistence/records';

/** The read side of the event log the follower needs (EventRepository). */
export interface EventLogSource {
  listAfter(afterSeq: number, limit?: number): Promise<EventRecord[]>;
  latestSeq(): Promise<number>;
}

export interface EventLogFollowerOptions {
  pollIntervalMs: number;
  /** Pause between back-to-back passes: a burst of nudges (every GPS report signals) costs one read, not one each. */
  minPassGapMs: number;
  pageSize: number;
  /** Told about the first failed pass of an outage (`inARow` = 1) and each later one. */
  onError: (error: unknown, inARow: number) => void;
  /** Told when a pass works again after `failures` failed ones. */
  onRecovered?: (failures: number) => void;
  /** After a failed pass, nudges wait this long before the next try, doubling up to retryMaxMs (default 250 / 10,000). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Reads the event log after the last seq it handed on, one pass at a time. `nudge()` (after a local commit)
 * and a slow poll (changes written by other dispatcher instances) both start a pass; nudges during a pass
 * coalesce into one more pass. Every pass calls the handler at least once, with an empty page when the log did
 * not grow, so it also runs when only in-memory state moved. The cursor advances only after the handler took the page: a failed pass is
 * read again by the next one. While the database is away, passes back off (nudges wait for the retry, which comes later
 * and later) instead of failing once per signal.
 */
export class EventLogFollower {
  private cursor = 0;
  private running: Promise<void> | null = null;
  private again = false;
  /** A flush() is waiting: the next pass starts without the gap. */
  private urgent = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failedInARow = 0;
  /** When the last pass ended (Date.now()): a nudge sooner than minPassGapMs after it waits out the rest of the gap. */
  private lastPassEndMs = -Infinity;
  /** Ends the gap being waited out at once (flush, stop). */
  private wake: (() => void) | null = null;

  constructor(
    private readonly source: EventLogSource,
    private readonly onPage: (events: EventRecord[], seq: number) => Promise<void>,
    private readonly options: EventLogFollowerOptions,
  ) {}

  /**
   * Starts at the log's current end (what happened before is in the state snapshots clients get on hello), or after
   * `afterSeq` when given (a relay that goes on where the last one stopped).
   */
  async start(afterSeq?: number): Promise<void> {
    this.cursor = afterSeq ?? (await this.source.latestSeq());
    this.timer = setInterval(() => this.nudge(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** The last seq handed on. */
  get seq(): number {
    return this.cursor;
  }

  nudge(): void {
    if (this.stopped || this.retryTimer) return; // backing off: the retry timer starts the next pass
    if (this.running) {
      this.again = true;
      return;
    }
    // Commits one after another (a saturated server) each nudge: the first pass starts at once, the next ones keep
    // minPassGapMs apart, so one read covers the commits of the gap instead of one read each.
    const waitMs = this.urgent ? 0 : this.lastPassEndMs + this.options.minPassGapMs - Date.now();
    const pass = waitMs > 0 ? this.pause(waitMs).then(() => (this.stopped ? undefined : this.pass())) : this.pass();
    this.running = pass.finally(() => {
      this.running = null;
    });
  }

  /**
   * Resolves after a pass that started after this call (what was committed before it is handed on). It does not
   * wait out the gap between passes: a caller waits on it (simulation steps, shutdown), so coalescing would only
   * make it late.
   */
  async flush(): Promise<void> {
    this.urgent = true;
    this.wake?.();
    this.nudge();
    await this.idle();
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    await this.idle();
  }

  private async pass(): Promise<void> {
    do {
      this.again = false;
      this.urgent = false;
      try {
        for (;;) {
          const page = await this.source.listAfter(this.cursor, this.options.pageSize);
          const seq = page.length > 0 ? page[page.length - 1].seq : this.cursor;
          await this.onPage(page, seq);
          this.cursor = seq;
          if (page.length < this.options.pageSize || this.stopped) break;
        }
        if (this.failedInARow > 0) this.options.onRecovered?.(this.failedInARow);
        this.failedInARow = 0;
      } catch (e) {
        this.failedInARow++;
        this.options.onError(e, this.failedInARow);
        this.retryLater();
        return;
      }
      this.lastPassEndMs = Date.now();
      if (this.again && !this.stopped && !this.urgent) await this.pause(this.options.minPassGapMs);
    } while (this.again && !this.stopped);
  }

  /** Waits `ms`, or less when flush() or stop() wakes it. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private retryLater(): void {
    if (this.stopped) return;
    const min = this.options.retryMinMs ?? 250;
    const delay = Math.min(this.options.retryMaxMs ?? 10_000, min * 2 ** (this.failedInARow - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.nudge();
    }, delay);
    this.retryTimer.unref();
  }
}
