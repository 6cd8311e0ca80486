import { join } from 'node:path';
import { DarpError } from './DarpError';
import { loadCordeauFile } from './loadCordeauFile';
import { parseCordeau } from './parseCordeau';

const INSTANCES = join(__dirname, '..', '..', '..', 'shared', 'data', 'darp', 'instances');

/** Expect `fn` to throw a DarpError with this code whose message matches. */
function expectDarpError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DarpError);
    expect((e as DarpError).code).toBe(code);
    expect((e as DarpError).message).toMatch(message);
    return;
  }
  throw new Error('expected a DarpError');
}

describe('reading Cordeau instances', () => {
  test('a3-18 says F = n = 18 in its header: n is counted from positive loads', () => {
    const inst = loadCordeauFile(join(INSTANCES, 'a3-18.txt'));
    expect(inst.headerF).toBe(18);
    expect(inst.requestCount).toBe(18);
    expect(inst.vehicles).toBe(3);
    expect(inst.nodes).toHaveLength(38);
    expect(inst.endDepotGiven).toBe(true);
  });

  test('a2-16 lists no end depot: node 33 is added as a copy of depot 0', () => {
    const inst = loadCordeauFile(join(INSTANCES, 'a2-16.txt'));
    expect(inst.name).toBe('a2-16');
    expect(inst.requestCount).toBe(16);
    expect(inst.endDepotGiven).toBe(false);
    expect(inst.nodes).toHaveLength(34);
    expect(inst.nodes[33]).toMatchObject({ id: 33, x: 0, y: 0, load: 0, serviceS: 0 });
  });

  test('a depot window widened to [0, 1440] in the file is forced to [0, T]', () => {
    const inst = loadCordeauFile(join(INSTANCES, 'a2-16.txt'));
    expect(inst.maxRouteDuration).toBe(480);
    expect([inst.nodes[0].earliestS, inst.nodes[0].latestS]).toEqual([0, 480]);
    expect([inst.nodes[33].earliestS, inst.nodes[33].latestS]).toEqual([0, 480]);
    // Request windows are kept as written.
    expect([inst.nodes[9].earliestS, inst.nodes[9].latestS]).toEqual([276, 291]);
  });

  test('every benchmark file parses with loads +q / -q on paired nodes', () => {
    for (const name of ['a2-20', 'a4-16', 'a4-24', 'a8-80', 'a8-96']) {
      const inst = loadCordeauFile(join(INSTANCES, `${name}.txt`));
      const n = inst.requestCount;
      expect(inst.nodes).toHaveLength(2 * n + 2);
      for (let i = 1; i <= n; i++) expect(inst.nodes[n + i].load).toBe(-inst.nodes[i].load);
    }
  });

  test('malformed text is refused with the line that is wrong', () => {
    const header = '1 4 100 3 30';
    const depot = '0 0 0 0 0 0 100';
    expectDarpError(() => parseCordeau('', 'empty'), 'InstanceMalformed', /empty/);
    expectDarpError(() => parseCordeau('1 2 3', 'short'), 'InstanceMalformed', /line 1: expected 5 numbers/);
    expectDarpError(() => parseCordeau(`${header}\n${depot}\n1 1 x 0 1 0 100`, 'nan'), 'InstanceMalformed', /line 3: 'x' is not a number/);
    expectDarpError(() => parseCordeau(`${header}\n${depot}\n2 1 1 0 1 0 100`, 'ids'), 'InstanceMalformed', /expected 1, found 2/);
    expectDarpError(() => parseCordeau(`${header}\n${depot}\n1 1 1 0 1 0 100`, 'count'), 'InstanceMalformed', /1 pickups need 3 or 4 nodes, found 2/);
    expectDarpError(() => parseCordeau(`${header}\n${depot}\n1 1 1 0 1 0 100\n2 2 2 0 -2 0 100`, 'pairs'), 'InstanceMalformed', /drop off/);
    expectDarpError(() => parseCordeau(`0 2 100 3 30\n${depot}`, 'k'), 'InstanceMalformed', /positive integer/);
  });

  test('a missing or unreadable file is named, with a code', () => {
    expectDarpError(() => loadCordeauFile(join(INSTANCES, 'no-such-instance.txt')), 'InstanceNotFound', /No instance file at .*no-such-instance.txt/);
    expectDarpError(() => loadCordeauFile(INSTANCES), 'InstanceUnreadable', /Cannot read/);
  });
});
