import { isConnectionFailure } from '../persistence/pgFailure';
import type { CommitLock } from './CommitGate';

/** Timings of the cache repair after a write whose outcome is unknown, with their defaults. */
export const FLEET_RESYNC_DEFAULTS = Object.freeze({
  /** First retry of a failed reload... */
  minDelayMs: 250,
  /** ...doubling up to this while the database stays away. */
  maxDelayMs: 10_000,
});

/**
 * Vehicles whose in-memory schedule may differ from PostgreSQL: a write on them failed in a way that leaves its
 * outcome unknown (the connection dropped during COMMIT), or the cache update after a commit failed. They are read
 * back from the database, under the commit lock, as soon as it answers: in the background with backoff, and by
 * `catchUp()` before the next decision plans on the fleet.
 */
export class FleetResync {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private failedInARow = 0;
  private stopped = false;

  constructor(
    /** Reads these vehicles (and their trips) back from the database into the fleet; throws when it cannot. */
    private readonly reload: (vehicleIds: string[]) => Promise<void>,
    private readonly commits: CommitLock,
    private readonly log: (message: string) => void,
    private readonly options: { minDelayMs: number; maxDelayMs: number } = FLEET_RESYNC_DEFAULTS,
  ) {}

  /** Vehicles waiting to be read back. */
  get size(): number {
    return this.pending.size;
  }

  mark(vehicleIds: Iterable<string>): void {
    const before = this.pending.size;
    for (const id of vehicleIds) this.pending.add(id);
    if (this.pending.size > before) this.schedule(this.options.minDelayMs);
  }

  /** Reads the waiting vehicles back now; call it holding the commit lock. Throws while the database is away. */
  async catchUp(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    try {
      await this.reload(ids);
    } catch (e) {
      this.failedInARow++;
      throw e;
    }
    for (const id of ids) this.pending.delete(id);
    this.log(`fleet cache: ${ids.length} vehicle${ids.length === 1 ? '' : 's'} read back from the database (${ids.join(', ')})`);
    this.failedInARow = 0;
  }

  /**
   * catchUp() before a change, under the commit lock. Throws only while the database is away (that change cannot be
   * made either); any other failure reading back (a bug) must not stop every change: it is logged, versions still
   * guard acceptances, and the background read-back keeps trying.
   */
  async beforeChange(): Promise<void> {
    try {
      await this.catchUp();
    } catch (e) {
      if (isConnectionFailure(e)) throw e;
      this.log(`fleet cache: reading ${this.pending.size} vehicles back failed (${e instanceof Error ? e.message : String(e)}); going on`);
      this.schedule(this.options.minDelayMs);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.commits
        .run(() => this.catchUp())
        .catch(() => {
          const next = Math.min(this.options.maxDelayMs, this.options.minDelayMs * 2 ** this.failedInARow);
          if (this.failedInARow === 1) this.log(`fleet cache: cannot read ${this.pending.size} vehicles back yet; retrying with backoff`);
          this.schedule(next);
        });
    }, delayMs);
    this.timer.unref();
  }
}
