import { PositionGrid } from './PositionGrid';
import { Random } from '../optimizer/Random';

interface Item {
  id: number;
  px: number;
  py: number;
}

describe('a grid of positions visited nearest first', () => {
  const rng = new Random(3);
  const grid = new PositionGrid<Item>(500);
  const items: { item: Item; key: number }[] = [];
  for (let id = 0; id < 3000; id++) {
    const item = { id, px: rng.uniform(-8000, 8000), py: rng.uniform(-8000, 8000) };
    items.push({ item, key: grid.add(item) });
  }
  const byDistance = (x: number, y: number) =>
    items
      .map(({ item }) => ({ id: item.id, d: (item.px - x) ** 2 + (item.py - y) ** 2 }))
      .sort((a, b) => a.d - b.d)
      .map((e) => e.id);

  test('hands items out in order of distance, and stops when asked', () => {
    for (let q = 0; q < 50; q++) {
      const x = rng.uniform(-9000, 9000);
      const y = rng.uniform(-9000, 9000);
      const got: number[] = [];
      const end = grid.visitNearest(x, y, 40, (item) => got.push(item.id) === 200);
      expect(end).toBe('stopped');
      expect(got).toEqual(byDistance(x, y).slice(0, 200));
    }
  });

  test('visits every item when the rings reach them all, and says when the rings ran out first', () => {
    const all: number[] = [];
    expect(grid.visitNearest(0, 0, 40, (item) => (all.push(item.id), false))).toBe('exhausted');
    expect(all).toEqual(byDistance(0, 0));
    const few: number[] = [];
    expect(grid.visitNearest(0, 0, 2, (item) => (few.push(item.id), false))).toBe('outOfRings');
    // Only items proven nearest: within two cells (1 km) of the point, in order.
    expect(few.length).toBeGreaterThan(0);
    expect(few).toEqual(byDistance(0, 0).slice(0, few.length));
    for (const id of few) expect(Math.hypot(items[id].item.px, items[id].item.py)).toBeLessThanOrEqual(1000);
  });

  test('an item moved or removed is found where it is now, or not at all', () => {
    const moved = items[10];
    moved.item.px = 20_000;
    moved.item.py = 20_000;
    moved.key = grid.move(moved.item, moved.key);
    const removed = items[11];
    grid.remove(removed.item, removed.key);
    expect(grid.size).toBe(2999);
    const first: number[] = [];
    grid.visitNearest(20_100, 20_100, 1, (item) => first.push(item.id) > 0);
    expect(first).toEqual([10]);
    const all: number[] = [];
    grid.visitNearest(0, 0, 60, (item) => (all.push(item.id), false));
    expect(all).toHaveLength(2999);
    expect(all).not.toContain(11);
  });
});
