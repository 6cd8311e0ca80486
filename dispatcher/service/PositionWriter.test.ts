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
});
