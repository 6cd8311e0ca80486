import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileClock, writeClockFile } from './FileClock';

describe('a clock stepped through a file by another process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anystop-clock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the time written last, and a second clock on the same file (a restarted process) reads the same', () => {
    const file = join(dir, 'now');
    writeClockFile(file, 1_772_438_400);
    const clock = new FileClock(file);
    expect(clock.nowS()).toBe(1_772_438_400);
    writeClockFile(file, 1_772_438_401.5);
    expect(clock.nowS()).toBe(1_772_438_401.5);
    expect(new FileClock(file).nowS()).toBe(1_772_438_401.5);
  });

  test('a missing or garbled file is refused at start, with what to do', () => {
    expect(() => new FileClock(join(dir, 'missing'))).toThrow(/epoch seconds/);
  });
});
