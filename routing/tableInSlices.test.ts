import { BuiltinRouter } from './builtin/BuiltinRouter';
import { gridNetwork } from './builtin/testing/gridExtract';
import type { Router } from './Router';
import { tableInSlices } from './tableInSlices';

const town = gridNetwork(
  `
  a b c
  d e f
  g h i
  `,
  [
    ['abc', { highway: 'residential' }],
    ['def', { highway: 'residential' }],
    ['ghi', { highway: 'residential', oneway: 'yes' }],
    ['adg', { highway: 'residential' }],
    ['beh', { highway: 'residential' }],
    ['cfi', { highway: 'residential' }],
  ],
);
const builtin = new BuiltinRouter(town.prepare());

describe('a table asked in slices of rows', () => {
  test('answers the whole table, in as many calls as the cell limit needs, the loop let go between them', async () => {
    const sources = 'abcdefghi'.split('').map((c) => town.at(c));
    const destinations = 'aeigc'.split('').map((c) => town.at(c));
    const calls: number[] = [];
    /** Whether a callback queued on the event loop before the call had run, as each slice started. */
    const loopRan: boolean[] = [];
    let ran = false;
    const counting: Router = { ...builtin, name: 'counting', table: (s, d, o) => (calls.push(s.length), loopRan.push(ran), builtin.table(s, d, o)), route: (p, o) => builtin.route(p, o), nearest: (p, o) => builtin.nearest(p, o), close: async () => {} };
    const whole = await builtin.table(sources, destinations, { sourceApproaches: sources.map((_, i) => (i % 2 ? 'curb' : null)) });
    setImmediate(() => (ran = true));
    const { table, loopMs } = await tableInSlices(counting, sources, destinations, { sourceApproaches: sources.map((_, i) => (i % 2 ? 'curb' : null)) }, 10);
    expect(calls).toEqual([2, 2, 2, 2, 1]); // 10 cells a slice = 2 rows of 5
    expect(loopRan).toEqual([false, true, true, true, true]); // the loop was let go after the first slice
    expect(table.durationsS).toEqual(whole.durationsS);
    expect(table.distancesM).toEqual(whole.distancesM);
    expect(loopMs).toBeGreaterThanOrEqual(0);
    // A row over the limit is still one slice: never less than a row.
    calls.length = 0;
    await tableInSlices(counting, sources, destinations, {}, 3);
    expect(calls).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
