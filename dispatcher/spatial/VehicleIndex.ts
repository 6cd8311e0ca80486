import RBush from 'rbush';
import type { LngLat } from '../../routing/Router';
import { LocalProjection } from '../../routing/geo';
import { PositionGrid } from './PositionGrid';

/** A vehicle's box in the tree (minX…maxY, grown by the slack) and its true box (x0…y1), in projected metres. */
interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The vehicle's position (its first point). */
  px: number;
  py: number;
  vehicleId: string;
  /** Its cell in the position grid (when the index keeps one). */
  cell: number;
}

/** An rbush node as the tree holds it (its `toJSON()`): a box over children, entries at the leaves. */
interface TreeNode {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  leaf: boolean;
  children: Array<TreeNode | Entry>;
}

/**
 * Metres a vehicle's box in the tree reaches beyond its true box: a vehicle moving less than this stays in its box and
 * the tree is not touched (at 1 Hz fixes a few metres apart, one remove and insert per ~this many metres driven).
 */
export const DEFAULT_BOX_SLACK_M = 100;

/**
 * Where boxes pile up (a city whose trips cross it: thousands of route boxes hold every point), the nearest vehicles
 * whose box holds the point are looked for by position first (a grid of positions, nearest first), and the tree is
 * walked only if that does not fill the answer within a few visits. From this many vehicles in the index...
 */
export const POSITIONS_FIRST_FROM = 1000;
/** ...with cells this wide... */
export const POSITION_CELL_M = 500;
/** ...out to this many rings of cells around the point... */
export const POSITION_RINGS = 8;
/** ...visiting at most this many positions per vehicle asked for (and at least 64). */
export const POSITION_VISITS_PER_HIT = 4;

export class VehicleIndex {
  private readonly tree = new RBush<Entry>(16);
  private readonly entries = new Map<string, Entry>();
  private readonly proj: LocalProjection;
  /** Positions of the vehicles, kept where `positionsFirst` is asked for (boxes that may pile up). */
  private readonly grid: PositionGrid<Entry> | null;
  /** Searches answered by the position grid, and by the tree walk (for profiles and tests). */
  readonly answeredBy = { positions: 0, walk: 0 };

  constructor(
    referenceLat: number,
    private readonly slackM = DEFAULT_BOX_SLACK_M,
    positionsFirst = false,
  ) {
    this.proj = new LocalProjection(referenceLat);
    this.grid = positionsFirst ? new PositionGrid<Entry>(POSITION_CELL_M) : null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Inserts or moves a vehicle: `points` are its position and its planned stops. */
  upsert(vehicleId: string, points: readonly LngLat[]): void {
    if (points.length === 0) return this.remove(vehicleId);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of points) {
      const x = this.proj.x(p[0]);
      const y = this.proj.y(p[1]);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    const px = this.proj.x(points[0][0]);
    const py = this.proj.y(points[0][1]);
    const old = this.entries.get(vehicleId);
    // Still inside the tree's box, and that box not grown past twice the slack (a box left large by stops served
    // would bring the vehicle up in searches it has no part in): the tree stays as it is.
    const slack2 = 2 * this.slackM;
    if (old && old.minX <= x0 && old.minY <= y0 && old.maxX >= x1 && old.maxY >= y1 && x0 - old.minX <= slack2 && y0 - old.minY <= slack2 && old.maxX - x1 <= slack2 && old.maxY - y1 <= slack2) {
      old.x0 = x0;
      old.y0 = y0;
      old.x1 = x1;
      old.y1 = y1;
      old.px = px;
      old.py = py;
      if (this.grid) old.cell = this.grid.move(old, old.cell);
      return;
    }
    if (old) {
      this.tree.remove(old);
      this.grid?.remove(old, old.cell);
    }
    const s = this.slackM;
    const entry: Entry = { minX: x0 - s, minY: y0 - s, maxX: x1 + s, maxY: y1 + s, x0, y0, x1, y1, px, py, vehicleId, cell: 0 };
    this.tree.insert(entry);
    if (this.grid) entry.cell = this.grid.add(entry);
    this.entries.set(vehicleId, entry);
  }

  remove(vehicleId: string): void {
    const old = this.entries.get(vehicleId);
    if (!old) return;
    this.tree.remove(old);
    this.grid?.remove(old, old.cell);
    this.entries.delete(vehicleId);
  }

  /**
   * Vehicles whose box lies within radiusM of the point, nearest boxes first, at most `limit`: a best-first
   * walk of the tree that stops after `limit` hits, so a radius covering the whole city costs no more than a tight
   * one. A grown box's distance is a lower bound of its true box's; an entry reached by it is queued again at its
   * true distance, and handed out only when it comes first at that: the order and the radius are the true boxes'.
   * Boxes at the same distance (those holding the point) come nearest vehicle first, whatever the tree's shape.
   * With `accept`, only the vehicles it accepts count (the walk goes on past the others).
   */
  near(point: LngLat, radiusM: number, limit: number, accept?: (vehicleId: string) => boolean): string[] {
    return this.walk(point, radiusM, limit, accept, Infinity)!;
  }

  /**
   * As `near`, but the walk gives up (null) once it met more than `maxBoxes` vehicles' boxes within the radius without
   * filling the limit: where boxes pile up (long routes across the city hold the point, and every one holding it must
   * be looked at to know the nearest vehicle) or `accept` takes few and far between, the walk would go through
   * thousands; `nearAmong` over a list costs less. An answer, when there is one, is `near`'s.
   */
  nearOrGiveUp(point: LngLat, radiusM: number, limit: number, accept: ((vehicleId: string) => boolean) | undefined, maxBoxes: number): string[] | null {
    return this.walk(point, radiusM, limit, accept, maxBoxes);
  }

  private walk(point: LngLat, radiusM: number, limit: number, accept: ((vehicleId: string) => boolean) | undefined, maxBoxes: number): string[] | null {
    if (limit <= 0 || this.entries.size === 0) return [];
    let boxes = 0;
    const x = this.proj.x(point[0]);
    const y = this.proj.y(point[1]);
    if (this.grid && this.entries.size >= POSITIONS_FIRST_FROM) {
      const held = this.nearestHolding(x, y, limit, accept);
      if (held) {
        this.answeredBy.positions++;
        return held;
      }
    }
    this.answeredBy.walk++;
    // As rbush-knn did: a zero radius still means boxes touching the point.
    const r = Math.max(radiusM, 1e-6);
    const within = r * r;
    const queue = new BoxQueue();
    const result: string[] = [];
    let node: TreeNode | undefined = this.tree.toJSON() as TreeNode;
    while (node) {
      for (const child of node.children) {
        const d = boxDist(x, y, child.minX, child.minY, child.maxX, child.maxY);
        if (d > within) continue;
        if (node.leaf && ++boxes > maxBoxes) return null;
        queue.push(child, node.leaf ? GROWN : NODE, d, 0);
      }
      node = undefined;
      while (queue.length > 0) {
        const kind = queue.peekKind();
        const item = queue.pop();
        if (kind === NODE) {
          node = item as TreeNode;
          break;
        }
        const e = item as Entry;
        if (kind === GROWN) {
          const t = boxDist(x, y, e.x0, e.y0, e.x1, e.y1);
          if (t <= within) queue.push(e, TRUE, t, (e.px - x) ** 2 + (e.py - y) ** 2);
          continue;
        }
        if (accept && !accept(e.vehicleId)) continue;
        result.push(e.vehicleId);
        if (result.length === limit) return result;
      }
    }
    return result;
  }

  /**
   * The walk's answer when at least `limit` accepted vehicles' boxes hold the point: those come first in it (box
   * distance 0), nearest position first, and the position grid finds them nearest first without the tree. Null when
   * the first few positions visited do not hold `limit` of them (then the walk answers).
   */
  private nearestHolding(x: number, y: number, limit: number, accept: ((vehicleId: string) => boolean) | undefined): string[] | null {
    const result: string[] = [];
    const budget = Math.max(64, POSITION_VISITS_PER_HIT * limit);
    let visited = 0;
    this.grid!.visitNearest(x, y, POSITION_RINGS, (e) => {
      if (++visited > budget) return true;
      if (x < e.x0 || x > e.x1 || y < e.y0 || y > e.y1) return false;
      if (accept && !accept(e.vehicleId)) return false;
      result.push(e.vehicleId);
      return result.length === limit;
    });
    return result.length === limit ? result : null;
  }

  /**
   * As `near`, but only among `ids` (a short list: the vehicles the re-optimizer has not visited yet), each looked up
   * and measured instead of walking the tree: O(ids × limit), however many other boxes lie within the radius. The
   * same order as `near` with an `accept` that takes only `ids`: true box distance, then the vehicle's own distance.
   * Ids not in the index (off the network, out of service) are never found.
   */
  nearAmong(point: LngLat, radiusM: number, limit: number, ids: Iterable<string>, accept?: (vehicleId: string) => boolean): string[] {
    if (limit <= 0 || this.entries.size === 0) return [];
    const x = this.proj.x(point[0]);
    const y = this.proj.y(point[1]);
    const r = Math.max(radiusM, 1e-6);
    const within = r * r;
    // The best `limit` so far, sorted: kept short, so an insertion shifts at most `limit` places.
    const best: string[] = [];
    const dists: number[] = [];
    const ties: number[] = [];
    for (const id of ids) {
      const e = this.entries.get(id);
      if (!e) continue;
      const d = boxDist(x, y, e.x0, e.y0, e.x1, e.y1);
      if (d > within) continue;
      const t = (e.px - x) ** 2 + (e.py - y) ** 2;
      const n = best.length;
      if (n === limit && !(d < dists[n - 1] || (d === dists[n - 1] && t < ties[n - 1]))) continue;
      if (accept && !accept(id)) continue;
      let i = n === limit ? n - 1 : n;
      while (i > 0 && (d < dists[i - 1] || (d === dists[i - 1] && t < ties[i - 1]))) {
        best[i] = best[i - 1];
        dists[i] = dists[i - 1];
        ties[i] = ties[i - 1];
        i--;
      }
      best[i] = id;
      dists[i] = d;
      ties[i] = t;
    }
    return best;
  }
}

const NODE = 0;
/** An entry queued at its grown box's distance (a lower bound). */
const GROWN = 1;
/** An entry queued at its true box's distance. */
const TRUE = 2;

function boxDist(x: number, y: number, minX: number, minY: number, maxX: number, maxY: number): number {
  const dx = x < minX ? minX - x : x <= maxX ? 0 : x - maxX;
  const dy = y < minY ? minY - y : y <= maxY ? 0 : y - maxY;
  return dx * dx + dy * dy;
}

/**
 * A binary min-heap of tree nodes and entries by squared distance; at equal distances nodes and grown boxes first,
 * then true boxes by their vehicle's squared distance (`tie`).
 */
class BoxQueue {
  private items: Array<TreeNode | Entry> = [];
  private kinds: number[] = [];
  private dists: number[] = [];
  private ties: number[] = [];

  get length(): number {
    return this.items.length;
  }

  peekKind(): number {
    return this.kinds[0];
  }

  push(item: TreeNode | Entry, kind: number, dist: number, tie: number): void {
    const { items, kinds, dists, ties } = this;
    let i = items.length;
    items.push(item);
    kinds.push(kind);
    dists.push(dist);
    ties.push(tie);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(dist, kind, tie, dists[parent], kinds[parent], ties[parent])) break;
      items[i] = items[parent];
      kinds[i] = kinds[parent];
      dists[i] = dists[parent];
      ties[i] = ties[parent];
      i = parent;
    }
    items[i] = item;
    kinds[i] = kind;
    dists[i] = dist;
    ties[i] = tie;
  }

  pop(): TreeNode | Entry {
    const { items, kinds, dists, ties } = this;
    const top = items[0];
    const lastItem = items.pop()!;
    const lastKind = kinds.pop()!;
    const lastDist = dists.pop()!;
    const lastTie = ties.pop()!;
    const n = items.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(dists[c + 1], kinds[c + 1], ties[c + 1], dists[c], kinds[c], ties[c])) c++;
      if (!before(dists[c], kinds[c], ties[c], lastDist, lastKind, lastTie)) break;
      items[i] = items[c];
      kinds[i] = kinds[c];
      dists[i] = dists[c];
      ties[i] = ties[c];
      i = c;
    }
    items[i] = lastItem;
    kinds[i] = lastKind;
    dists[i] = lastDist;
    ties[i] = lastTie;
    return top;
  }
}

/** Whether (d, k, t) comes out before (e, l, u): nearer first; at a tie, what may still hold a nearer entry first, then the nearer vehicle. */
function before(d: number, k: number, t: number, e: number, l: number, u: number): boolean {
  return d < e || (d === e && (k < l || (k === l && t < u)));
}
