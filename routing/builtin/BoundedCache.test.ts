import { BoundedCache } from './BoundedCache';

describe('BoundedCache', () => {
  test('full by count: the oldest entry leaves first, and a hit does not keep it', () => {
    const c = new BoundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBe(2);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  test('full by weight: entries leave until the sizes fit, but the newest always stays', () => {
    const c = new BoundedCache<string, number[]>(10, (v) => v.length);
    c.set('a', [1, 2, 3, 4]);
    c.set('b', [1, 2, 3, 4]);
    expect(c.weight).toBe(8);
    c.set('c', [1, 2, 3]);
    expect(c.get('a')).toBeUndefined();
    expect(c.weight).toBe(7);
    c.set('big', new Array<number>(50).fill(0));
    expect(c.size).toBe(1);
    expect(c.get('big')).toHaveLength(50);
  });

  test('setting a key again replaces its value and its weight', () => {
    const c = new BoundedCache<string, number[]>(10, (v) => v.length);
    c.set('a', [1, 2, 3, 4, 5, 6]);
    c.set('a', [1]);
    expect(c.weight).toBe(1);
    expect(c.get('a')).toEqual([1]);
  });

  test('a capacity that is not positive is refused', () => {
    expect(() => new BoundedCache<string, number>(0)).toThrow(RangeError);
  });
});

describe('BoundedCache under a stream of new keys (a GPS fix each)', () => {
  test('entries leave in the order they were set, a key set again counting from then, over many evictions', () => {
    const c = new BoundedCache<number, number>(100);
    const order: number[] = []; // what a plain FIFO with "set again = move to the end" holds, oldest first
    let next = 0;
    for (let i = 0; i < 20_000; i++) {
      let key: number;
      if (i % 7 === 3 && order.length > 10) key = order[(i * 13) % order.length]; // an old key set again
      else key = next++;
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
      order.push(key);
      if (order.length > 100) order.shift();
      c.set(key, i);
      if (i % 997 === 0) expect([...Array(next).keys()].filter((k) => c.get(k) !== undefined)).toEqual([...order].sort((a, b) => a - b));
    }
    expect(c.size).toBe(100);
    expect(order.every((k) => c.get(k) !== undefined)).toBe(true);
  });
});

describe('BoundedCache with second chance', () => {
  test('an entry hit since its insertion survives its turn once; one never hit leaves in its place', () => {
    const c = new BoundedCache<string, number>(3, () => 1, true);
    c.set('depot', 1);
    c.set('fix1', 2);
    c.set('fix2', 3);
    expect(c.get('depot')).toBe(1);
    c.set('fix3', 4); // depot's turn: it was hit, so fix1 leaves instead
    expect(c.get('fix1')).toBeUndefined();
    expect(c.get('depot')).toBe(1);
    c.set('fix4', 5); // fix2 is oldest now and never hit
    expect(c.get('fix2')).toBeUndefined();
    expect([c.get('depot'), c.get('fix3'), c.get('fix4')]).toEqual([1, 4, 5]);
  });

  test('when every entry was hit, each gets its second chance once and the oldest still leaves', () => {
    const c = new BoundedCache<string, number>(2, () => 1, true);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    c.get('b');
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBe(2);
    expect(c.get('c')).toBe(3);
  });

  test('weights stay summed over the moves', () => {
    const c = new BoundedCache<string, number[]>(10, (v) => v.length, true);
    c.set('a', [1, 2, 3, 4]);
    c.set('b', [1, 2, 3, 4]);
    c.get('a');
    c.set('c', [1, 2, 3]);
    expect(c.get('b')).toBeUndefined();
    expect(c.weight).toBe(7);
    expect(c.size).toBe(2);
  });
});
