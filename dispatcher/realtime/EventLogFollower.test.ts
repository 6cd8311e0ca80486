import type { EventRecord } from '../persistence/records';
import { EventLogFollower } from './EventLogFollower';

/** An in-memory event log; `failNext` makes the next read fail like a dropped database connection. */
class MemoryLog {
  readonly events: EventRecord[] = [];
  failNext = false;
  reads = 0;

  append(n: number): void {
    for (let i = 0; i < n; i++) this.events.push({ seq: this.events.length + 1, atS: 0, type: 'schedule_changed', tripId: null, vehicleId: 'bus-1', payload: {} });
  }

  async listAfter(afterSeq: number, limit = 1000): Promise<EventRecord[]> {
    this.reads++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('connection lost');
    }
    return this.events.filter((e) => e.seq > afterSeq).slice(0, limit);
  }

  async latestSeq(): Promise<number> {
    return this.events.length;
  }
}

function follow(log: MemoryLog) {
  const pages: number[][] = [];
  const errors: unknown[] = [];
  const follower = new EventLogFollower(log, async (events) => void pages.push(events.map((e) => e.seq)), {
    pollIntervalMs: 60_000,
    minPassGapMs: 1,
    pageSize: 2,
    onError: (e) => errors.push(e),
    retryMinMs: 20,
  });
  return { follower, pages, errors };
}

describe('EventLogFollower', () => {
  test('starts at the end of the log, hands on later events page by page, and calls with an empty page when nothing is new', async () => {
    const log = new MemoryLog();
    log.append(3);
    const { follower, pages } = follow(log);
    await follower.start();
    log.append(3);
    follower.nudge();
    await follower.idle();
    expect(pages).toEqual([[4, 5], [6]]);
    expect(follower.seq).toBe(6);
    follower.nudge();
    await follower.idle();
    expect(pages.at(-1)).toEqual([]);
    await follower.stop();
  });

  test('nudges during a pass coalesce into one more pass', async () => {
    const log = new MemoryLog();
    const { follower } = follow(log);
    await follower.start();
    for (let i = 0; i < 50; i++) follower.nudge();
    await follower.idle();
    expect(log.reads).toBe(2);
    await follower.stop();
  });

  test('nudges that come faster than the gap, each after the last pass ended, cost about one read per gap, not one each', async () => {
    const log = new MemoryLog();
    const follower = new EventLogFollower(log, async () => {}, { pollIntervalMs: 60_000, minPassGapMs: 40, pageSize: 100, onError: () => {} });
    await follower.start();
    const readsBefore = log.reads;
    const startedMs = Date.now();
    for (let i = 1; i <= 20; i++) {
      log.append(1);
      follower.nudge();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsedMs = Date.now() - startedMs;
    await follower.flush();
    expect(follower.seq).toBe(20);
    // The first nudge reads at once, then one pass per gap, and the flush.
    expect(log.reads - readsBefore).toBeLessThanOrEqual(Math.ceil(elapsedMs / 40) + 2);
    expect(log.reads - readsBefore).toBeLessThan(20);
    await follower.stop();
  });

  test('flush() during a pass reads what was committed after it started, without waiting out the gap between passes', async () => {
    const log = new MemoryLog();
    // A gap no test would sit through: a flush that waited it out would time the test out.
    const follower = new EventLogFollower(log, async () => {}, { pollIntervalMs: 60_000, minPassGapMs: 3_600_000, pageSize: 10, onError: () => {} });
    await follower.start();
    follower.nudge(); // a pass is under way
    log.append(1); // committed during it
    await follower.flush();
    expect(follower.seq).toBe(1);
    expect(log.reads).toBe(2);
    await follower.stop();
  });

  test('a failed read keeps the cursor: the next pass reads the same events again', async () => {
    const log = new MemoryLog();
    const { follower, pages, errors } = follow(log);
    await follower.start();
    log.append(1);
    log.failNext = true;
    follower.nudge();
    await follower.idle();
    expect(errors).toHaveLength(1);
    follower.nudge(); // backing off: this one waits for the retry
    await new Promise((resolve) => setTimeout(resolve, 60));
    await follower.idle();
    expect(pages).toEqual([[1]]);
    await follower.stop();
  });

  test('while the log cannot be read, signals wait for a retry that backs off instead of each failing again', async () => {
    const log = new MemoryLog();
    const { follower, errors } = follow(log);
    await follower.start();
    let failing = true;
    const read = log.listAfter.bind(log);
    log.listAfter = async (after, limit) => {
      if (failing) {
        log.reads++;
        throw new Error('connection refused');
      }
      return read(after, limit);
    };
    follower.nudge();
    for (let i = 0; i < 200; i++) {
      follower.nudge();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // About 200 ms of signals: retries after 20, 40, 80 ms..., not one read per signal.
    expect(log.reads).toBeLessThanOrEqual(6);
    expect(errors.length).toBe(log.reads);
    failing = false;
    log.append(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await follower.idle();
    expect(follower.seq).toBe(1);
    await follower.stop();
  });
});
