import type { PositionRecord } from '../persistence/records';
import { PositionWriter } from './PositionWriter';

const fix = (vehicleId: string, atS: number): PositionRecord => ({ vehicleId, atS, location: [127.1, 37.5], headingDeg: null, speedMps: null });

describe('GPS write-behind', () => {
  test('positions are written in one batch, not one transaction each', async () => {
    const batches: PositionRecord[][] = [];
    const w = new PositionWriter(async (b) => void batches.push(b), { flushEveryMs: 10_000, maxBuffered: 100 });
    for (let k = 0; k < 50; k++) w.add(fix(`v${k}`, k));
    await w.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
  });

  test('a full buffer is written at once', async () => {
    const batches: PositionRecord[][] = [];
    const w = new PositionWriter(async (b) => void batches.push(b), { flushEveryMs: 10_000, maxBuffered: 10 });
    for (let k = 0; k < 25; k++) w.add(fix('v', k));
    await w.flush();
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
  });

  test('while the database is away the newest positions are kept for the next try', async () => {
    let down = true;
    const written: PositionRecord[] = [];
    const w = new PositionWriter(async (b) => {
      if (down) throw new Error('connection refused');
      written.push(...b);
    }, { flushEveryMs: 10_000, maxBuffered: 5 });
    for (let k = 0; k < 4; k++) w.add(fix('v', k));
    await w.flush();
    expect(w.failures).toBe(1);
    down = false;
    w.add(fix('v', 4));
    await w.flush();
    expect(written.map((p) => p.atS)).toEqual([0, 1, 2, 3, 4]);
  });

  test('after a failed write it tries again by itself, later and later, and says when it works again', async () => {
    let down = true;
    const tries: number[] = [];
    const written: PositionRecord[] = [];
    const told: string[] = [];
    const t0 = performance.now();
    const w = new PositionWriter(
      async (b) => {
        tries.push(performance.now() - t0);
        if (down) throw new Error('connection refused');
        written.push(...b);
      },
      { flushEveryMs: 10, maxBuffered: 100, retryMaxMs: 40 },
      (_e, inARow) => told.push(`failed ${inARow}`),
      (failures) => told.push(`recovered after ${failures}`),
    );
    w.add(fix('v', 0));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Tries at about 10, 20, 40, 80, 120 ms: the gaps double up to retryMaxMs.
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries.length).toBeLessThanOrEqual(7);
    down = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(written.map((p) => p.atS)).toEqual([0]);
    expect(told.at(-1)).toMatch(/^recovered after \d+$/);
    expect(told[0]).toBe('failed 1');
  });
});
