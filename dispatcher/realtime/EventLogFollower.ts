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
  onError: (error: unknown) => void;
}

/**
 * Reads the event log after the last seq it handed on, one pass at a time. `nudge()` (after a local commit)
 * and a slow poll (changes written by other dispatcher instances) both start a pass; nudges during a pass
 * coalesce into one more pass. Every pass calls the handler at least once, with an empty page when the log did
 * not grow, so it also runs when only in-memory state moved. The cursor advances only after the handler took the page: a failed pass is
 * read again by the next one.
 */
export class EventLogFollower {
  private cursor = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: EventLogSource,
    private readonly onPage: (events: EventRecord[], seq: number) => Promise<void>,
    private readonly options: EventLogFollowerOptions,
  ) {}

  /** Starts at the log's current end: what happened before is in the state snapshots clients get on hello. */
  async start(): Promise<void> {
    this.cursor = await this.source.latestSeq();
    this.timer = setInterval(() => this.nudge(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** The last seq handed on. */
  get seq(): number {
    return this.cursor;
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  private async pass(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          const page = await this.source.listAfter(this.cursor, this.options.pageSize);
          const seq = page.length > 0 ? page[page.length - 1].seq : this.cursor;
          await this.onPage(page, seq);
          this.cursor = seq;
          if (page.length < this.options.pageSize || this.stopped) break;
        }
      } catch (e) {
        this.options.onError(e);
      }
      if (this.again && !this.stopped) await new Promise((resolve) => setTimeout(resolve, this.options.minPassGapMs));
    } while (this.again && !this.stopped);
  }
}
