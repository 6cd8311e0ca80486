import { RevisitQueue, type Versioned } from './RevisitQueue';

const fleet = (...vs: Array<[string, number]>) => new Map<string, Versioned>(vs.map(([id, scheduleVersion]) => [id, { id, scheduleVersion }]));

describe('the order in which the re-optimizer revisits plans', () => {
  test('a fleet never visited is visited once each, in id order, before any vehicle comes round again', () => {
    const q = new RevisitQueue();
    const vehicles = fleet(['c', 1], ['a', 1], ['b', 1]);
    const order: string[] = [];
    for (let k = 0; k < 3; k++) {
      const id = q.next(vehicles)!;
      order.push(id);
      q.visited(id, 1);
    }
    expect(order).toEqual(['a', 'b', 'c']);
    expect(q.dirtyCount(vehicles.values())).toBe(0);
  });

  test('a vehicle whose plan changed since its visit jumps ahead of the ones whose turn it is', () => {
    const q = new RevisitQueue();
    const vehicles = fleet(['a', 1], ['b', 1], ['c', 1], ['d', 1]);
    for (const id of ['a', 'b', 'c', 'd']) q.visited(id, 1);
    expect(q.next(vehicles)).toBe('a'); // all clean: round robin
    vehicles.get('d')!.scheduleVersion = 2; // a new rider on d
    expect(q.dirtyCount(vehicles.values())).toBe(1);
    expect(q.dirtyIds(vehicles.values())).toEqual(['d']);
    expect(q.anyDirty(vehicles)).toBe(true);
    expect(q.next(vehicles)).toBe('d');
    q.visited('d', 2);
    expect(q.dirtyCount(vehicles.values())).toBe(0);
    expect(q.anyDirty(vehicles)).toBe(false);
  });

  test('a visit to an older version leaves the vehicle dirty', () => {
    const q = new RevisitQueue();
    const vehicles = fleet(['a', 3]);
    q.visited('a', 2); // the search ran on version 2; a commit meanwhile made it 3
    expect(q.isDirty(vehicles.get('a')!)).toBe(true);
    expect(q.next(vehicles)).toBe('a');
  });

  test('an empty fleet has no next vehicle', () => {
    expect(new RevisitQueue().next(new Map())).toBeUndefined();
  });
});

describe('the revisit order with rounds in progress and a changing fleet', () => {
  test('vehicles a round in progress holds are passed over, dirty or not', () => {
    const q = new RevisitQueue();
    const vehicles = fleet(['a', 1], ['b', 1], ['c', 1]);
    const busy = new Set(['a', 'b']);
    expect(q.next(vehicles, (id) => busy.has(id))).toBe('c');
    q.visited('c', 1);
    // c is clean, a and b are dirty but held: c takes its turn rather than nothing
    expect(q.next(vehicles, (id) => busy.has(id))).toBe('c');
    expect(q.next(vehicles, () => true)).toBeUndefined();
  });

  test('a vehicle that came on shift in place of one that left (same fleet size) is visited, the one gone never', () => {
    const q = new RevisitQueue();
    const vehicles = fleet(['a', 1], ['b', 1]);
    expect(q.next(vehicles)).toBe('a');
    q.visited('a', 1);
    vehicles.delete('b');
    vehicles.set('c', { id: 'c', scheduleVersion: 1 });
    const seen: string[] = [];
    for (let k = 0; k < 300 && !seen.includes('c'); k++) {
      const id = q.next(vehicles)!;
      seen.push(id);
    }
    expect(seen).not.toContain('b');
    expect(seen).toContain('c');
  });
});
