import { Mutex } from 'async-mutex';
import { refusedCleanly, toServiceError } from '../api/errorMapping';
import type { ChangeFeed } from '../realtime/ChangeFeed';
import { checkCallDeadline } from './CallDeadline';
import { FleetResync } from './FleetResync';

/** Runs async sections one at a time, in arrival order: decide-then-commit must not interleave on one instance. */
export interface CommitLock {
  run<T>(section: () => Promise<T>): Promise<T>;
}

/**
 * The one way a change reaches the fleet: one section at a time under the commit lock, vehicles whose cache may be
 * stale read back first, a write whose outcome is unknown marking its vehicles for reading back, and every failure
 * leaving as a coded error.
 */
export class CommitGate implements CommitLock {
  private readonly mutex = new Mutex();
  /** Vehicles to read back from PostgreSQL after a write whose outcome is unknown. */
  readonly resync: FleetResync;

  constructor(
    reload: (vehicleIds: string[]) => Promise<void>,
    private readonly changes: ChangeFeed,
    log: (message: string) => void,
  ) {
    this.resync = new FleetResync(reload, this, log);
  }

  /** The bare lock (FIFO), without the read-back: for the re-optimizer's commit and the read-back itself. */
  run<T>(section: () => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(section);
  }

  /**
   * A section that plans on the fleet and commits, one at a time. A call whose deadline passed while it waited for the
   * lock is refused (CallDeadline). Vehicles whose cache may be stale are read back first; a write that fails without a clean refusal (the connection dropped during COMMIT, the cache update failed)
   * marks the vehicles it touched for reading back.
   */
  locked<T>(work: () => Promise<T>): Promise<T> {
    return this.run(async () => {
      checkCallDeadline(); // a forwarded call whose forwarder stopped waiting while it queued here is not made
      await this.resync.beforeChange();
      return work();
    });
  }

  /** Runs a write on these vehicles; an outcome it cannot be sure of sends them to be read back from the database. */
  async unsure<T>(vehicleIds: readonly string[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (!refusedCleanly(e)) this.resync.mark(vehicleIds);
      throw e;
    }
  }

  /**
   * A service call that may write to the event log: failures leave as coded errors (guardUnlogged), and the realtime
   * layer is told to look at the log, failed or not (a failed write may still have committed part of its work).
   */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.guardUnlogged(work);
    } finally {
      this.changes.emit('committed');
    }
  }

  /**
   * A service call that writes nothing to the event log itself (a read, a GPS fix): failures leave as coded errors, and
   * no pass over the log is asked for. Work inside it that does log (a risk the fix revealed) signals on its own.
   * 10,000 drivers at 1 Hz otherwise keep the realtime layer reading an empty log every 25 ms.
   */
  async guardUnlogged<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw toServiceError(e);
    }
  }

  /** Resolves once the changes already waiting for the lock are done (shutdown finishes in-flight work). */
  idle(): Promise<void> {
    return this.run(async () => {});
  }
}
