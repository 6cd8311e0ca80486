import { Mutex } from 'async-mutex';
import type { CommitLock } from './CommitGate';
import { FleetResync } from './FleetResync';

/** The commit lock as the dispatcher holds it: async-mutex's FIFO Mutex. */
function commitLock(): CommitLock {
  const mutex = new Mutex();
  return { run: (section) => mutex.runExclusive(section) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading vehicles back after a write whose answer was lost', () => {
  test('marked vehicles are read back in the background, once, under the commit lock', async () => {
    const reloaded: string[][] = [];
    const commits = commitLock();
    let inLock = false;
    const resync = new FleetResync(async (ids) => void reloaded.push([...ids].sort()), commits, () => {}, { minDelayMs: 5, maxDelayMs: 50 });
    await commits.run(async () => {
      inLock = true;
      resync.mark(['bus-2', 'bus-1']);
      resync.mark(['bus-1']);
      await sleep(20); // the reload waits for the lock
      expect(reloaded).toEqual([]);
      inLock = false;
    });
    await sleep(20);
    expect(inLock).toBe(false);
    expect(reloaded).toEqual([['bus-1', 'bus-2']]);
    expect(resync.size).toBe(0);
    resync.stop();
  });

  test('while the database is away it retries with growing pauses, and catchUp() fails for the caller', async () => {
    let down = true;
    const attempts: number[] = [];
    const t0 = performance.now();
    const resync = new FleetResync(
      async () => {
        attempts.push(performance.now() - t0);
        if (down) throw new Error('connect ECONNREFUSED');
      },
      commitLock(),
      () => {},
      { minDelayMs: 5, maxDelayMs: 40 },
    );
    resync.mark(['bus-1']);
    await sleep(120);
    // Tries at about 5, 15, 35, 75, 115 ms: fewer than one per 5 ms.
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(7);
    await expect(resync.catchUp()).rejects.toThrow('ECONNREFUSED');
    down = false;
    await resync.catchUp();
    expect(resync.size).toBe(0);
    resync.stop();
  });

  test('before a change, only a database that is away stops it; a bug reading back is logged and the change goes on', async () => {
    let failure: Error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const told: string[] = [];
    const resync = new FleetResync(
      async () => {
        throw failure;
      },
      commitLock(),
      (m) => told.push(m),
      { minDelayMs: 10_000, maxDelayMs: 10_000 },
    );
    resync.mark(['bus-1']);
    await expect(resync.beforeChange()).rejects.toThrow('ECONNREFUSED');
    failure = new TypeError("Cannot read properties of undefined (reading 'promise')");
    await expect(resync.beforeChange()).resolves.toBeUndefined();
    expect(told.at(-1)).toMatch(/reading 1 vehicles back failed .*going on/);
    expect(resync.size).toBe(1);
    resync.stop();
  });
});
