import type { RecurringTrips } from './RecurringTrips';

/** How often the scheduler looks for occurrences to release (wall-clock ms). */
export const RELEASE_CHECK_INTERVAL_MS = 30_000;

/**
 * The thin scheduler of recurring trips: on a timer, RecurringTrips.release() (which reads the injected clock). One
 * release at a time; a failed one is logged and tried again at the next tick (a release is idempotent).
 */
export class RecurringReleaseScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly recurring: RecurringTrips,
    private readonly log: (message: string) => void,
    private readonly intervalMs = RELEASE_CHECK_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  /** One release pass (skipped while the previous one still runs). */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.recurring
      .release()
      .then((trips) => {
        if (trips.length > 0) this.log(`recurring trips: released ${trips.length} occurrence(s)`);
      })
      .catch((e: unknown) => this.log(`recurring trips: release failed (${e instanceof Error ? e.message : String(e)}); trying again at the next tick`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
