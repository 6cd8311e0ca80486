/** An item the grid holds: its position in projected metres, read when it is visited. */
export interface Positioned {
  px: number;
  py: number;
}

/**
 * How a nearest-first visit ended: the visitor asked to stop; every item of the grid was visited; or the rings ran
 * out before either.
 */
export type VisitEnd = 'stopped' | 'exhausted' | 'outOfRings';

const OFFSET = 2 ** 21;
const SPAN = 2 ** 22;

/**
 * Items bucketed by position on square cells, to visit them nearest position first from a point. Moving an item is
 * O(1) (a vehicle's GPS fix); a visit goes ring by ring around the point's cell and hands an item out once no item of
 * a later ring can be nearer (every cell of ring R + 1 lies at least R cells away), so the order is exact: by squared
 * distance (items at the same distance in no set order).
 */
export class PositionGrid<T extends Positioned> {
  private readonly cells = new Map<number, Set<T>>();
  private count = 0;
  /** Scratch heap of the visit (items and their squared distances). */
  private heapItems: T[] = [];
  private heapDists: number[] = [];

  constructor(private readonly cellM: number) {}

  get size(): number {
    return this.count;
  }

  /** The key of the cell holding (x, y). */
  keyOf(x: number, y: number): number {
    return (Math.floor(x / this.cellM) + OFFSET) * SPAN + (Math.floor(y / this.cellM) + OFFSET);
  }

  /** Puts the item in the cell of its current position; returns that cell's key (kept by the caller for `move`/`remove`). */
  add(item: T): number {
    const key = this.keyOf(item.px, item.py);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = new Set()));
    cell.add(item);
    this.count++;
    return key;
  }

  /** The item's position changed: moves it out of the cell `key` if it left it; returns its cell's key. */
  move(item: T, key: number): number {
    const now = this.keyOf(item.px, item.py);
    if (now === key) return key;
    this.remove(item, key);
    return this.add(item);
  }

  remove(item: T, key: number): void {
    const cell = this.cells.get(key);
    if (!cell || !cell.delete(item)) return;
    this.count--;
    if (cell.size === 0) this.cells.delete(key);
  }

  /**
   * Visits items nearest position to (x, y) first, within `maxRings` rings of cells around the point's cell, until
   * `visit` returns true ('stopped'), every item was visited ('exhausted'), or the rings run out ('outOfRings'; items
   * beyond them, and those of the last ring not yet proven nearest, are not visited).
   */
  visitNearest(x: number, y: number, maxRings: number, visit: (item: T, distSq: number) => boolean): VisitEnd {
    const qx = Math.floor(x / this.cellM);
    const qy = Math.floor(y / this.cellM);
    const items = this.heapItems;
    const dists = this.heapDists;
    items.length = 0;
    dists.length = 0;
    let queued = 0;
    try {
      for (let r = 0; r <= maxRings; r++) {
        for (let cx = qx - r; cx <= qx + r; cx++) {
          const edge = cx === qx - r || cx === qx + r;
          for (let cy = qy - r; cy <= qy + r; cy += edge ? 1 : 2 * r) {
            const cell = this.cells.get((cx + OFFSET) * SPAN + (cy + OFFSET));
            if (cell) {
              for (const item of cell) {
                push(items, dists, item, (item.px - x) ** 2 + (item.py - y) ** 2);
                queued++;
              }
            }
            if (r === 0) break;
          }
        }
        // Every item of a later ring is at least r cells from the point; with all queued, the heap empties in order.
        const bound = queued === this.count ? Infinity : (r * this.cellM) ** 2;
        while (items.length > 0 && dists[0] <= bound) {
          const d = dists[0];
          const item = pop(items, dists);
          if (visit(item, d)) return 'stopped';
        }
        if (queued === this.count && items.length === 0) return 'exhausted';
      }
      return 'outOfRings';
    } finally {
      items.length = 0;
      dists.length = 0;
    }
  }
}

function push<T>(items: T[], dists: number[], item: T, d: number): void {
  let i = items.length;
  items.push(item);
  dists.push(d);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!(d < dists[parent])) break;
    items[i] = items[parent];
    dists[i] = dists[parent];
    i = parent;
  }
  items[i] = item;
  dists[i] = d;
}

function pop<T>(items: T[], dists: number[]): T {
  const top = items[0];
  const lastItem = items.pop()!;
  const lastDist = dists.pop()!;
  const n = items.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && dists[c + 1] < dists[c]) c++;
    if (!(dists[c] < lastDist)) break;
    items[i] = items[c];
    dists[i] = dists[c];
    i = c;
  }
  items[i] = lastItem;
  dists[i] = lastDist;
  return top;
}
