import type { Seed } from '../snap/Phantom';
import { allocateSpace, type SearchSpace } from './SearchSpaces';

/** Control words of the board (Int32 slots of `ctl`). */
export const GEN = 0;
export const COUNT = 2;
/** Float64 slots of the arena handed out so far (Atomics.add). */
export const ARENA = 3;
export const STOP = 4;
/** ACK + w: the last job search thread w has finished taking items from (-1 until it is up). */
export const ACK = 8;
export const MAX_THREADS = 8;

/** An item's `done` state: not searched there (yet), its space in the arena, or the arena was full. */
export const PENDING = 0;
export const IN_ARENA = 1;
export const NO_ROOM = 2;

export const DIRECTION_FORWARD = 0;
export const DIRECTION_BACKWARD = 1;

/** Items, seeds and arena slots a board holds: a 100×100 table's ~260 spaces use 1/16 of each. */
export const BOARD_ITEMS = 4096;
export const BOARD_SEEDS = 16_384;
export const BOARD_ARENA_FLOATS = 1 << 20;

/**
 * The shared memory through which one table's missing search spaces are split between threads: the jobs (direction
 * and seeds per item), who claimed which, and an arena the search threads write their spaces into. No message is
 * posted per table: the table's thread writes the items, bumps GEN and wakes the search threads; they claim items
 * from the front, the table's thread from where it needs them (ParallelSettler), so a thread the OS does not run in
 * time is simply left fewer.
 */
export class SettleBoard {
  readonly ctl: Int32Array;
  readonly direction: Int32Array;
  /** Item i's seeds are [seedStart[i], seedStart[i + 1]) of `seeds`, 4 floats each (node, weight, duration, distance). */
  readonly seedStart: Int32Array;
  readonly seeds: Float64Array;
  /** 0 while item i is free; whoever sets it to 1 (Atomics.compareExchange) searches it. */
  readonly claim: Int32Array;
  readonly done: Int32Array;
  /** Where item i's space starts in the arena: count, then weights, durations, distances and nodes, `count` each. */
  readonly resultAt: Int32Array;
  readonly arena: Float64Array;

  constructor(buffers?: SettleBoardBuffers) {
    const b = buffers ?? SettleBoard.allocate();
    this.ctl = new Int32Array(b.ctl);
    this.direction = new Int32Array(b.direction);
    this.seedStart = new Int32Array(b.seedStart);
    this.seeds = new Float64Array(b.seeds);
    this.claim = new Int32Array(b.claim);
    this.done = new Int32Array(b.done);
    this.resultAt = new Int32Array(b.resultAt);
    this.arena = new Float64Array(b.arena);
  }

  static allocate(): SettleBoardBuffers {
    const ctl = new SharedArrayBuffer(4 * (ACK + MAX_THREADS));
    new Int32Array(ctl).fill(-1, ACK);
    return {
      ctl,
      direction: new SharedArrayBuffer(4 * BOARD_ITEMS),
      seedStart: new SharedArrayBuffer(4 * (BOARD_ITEMS + 1)),
      seeds: new SharedArrayBuffer(8 * 4 * BOARD_SEEDS),
      claim: new SharedArrayBuffer(4 * BOARD_ITEMS),
      done: new SharedArrayBuffer(4 * BOARD_ITEMS),
      resultAt: new SharedArrayBuffer(4 * BOARD_ITEMS),
      arena: new SharedArrayBuffer(8 * BOARD_ARENA_FLOATS),
    };
  }

  buffers(): SettleBoardBuffers {
    const sab = (a: Int32Array | Float64Array) => a.buffer as SharedArrayBuffer;
    return { ctl: sab(this.ctl), direction: sab(this.direction), seedStart: sab(this.seedStart), seeds: sab(this.seeds), claim: sab(this.claim), done: sab(this.done), resultAt: sab(this.resultAt), arena: sab(this.arena) };
  }

  /** Item i's seeds, as the table's thread wrote them (the same numbers, so the same search). */
  seedsOf(i: number): Seed[] {
    const out: Seed[] = [];
    for (let k = this.seedStart[i]; k < this.seedStart[i + 1]; k++) {
      out.push({ node: this.seeds[4 * k], weightS: this.seeds[4 * k + 1], durationS: this.seeds[4 * k + 2], distanceM: this.seeds[4 * k + 3] });
    }
    return out;
  }

  /** Writes a searched space into the arena and marks the item done; false (and NO_ROOM) when the arena is full. */
  put(i: number, space: SearchSpace): boolean {
    const n = space.node.length;
    const size = 1 + 4 * n;
    const at = Atomics.add(this.ctl, ARENA, size);
    if (at + size > this.arena.length) {
      Atomics.store(this.done, i, NO_ROOM);
      Atomics.notify(this.done, i);
      return false;
    }
    const a = this.arena;
    a[at] = n;
    a.set(space.weightS, at + 1);
    a.set(space.durationS, at + 1 + n);
    a.set(space.distanceM, at + 1 + 2 * n);
    for (let k = 0; k < n; k++) a[at + 1 + 3 * n + k] = space.node[k];
    this.resultAt[i] = at;
    Atomics.store(this.done, i, IN_ARENA);
    Atomics.notify(this.done, i);
    return true;
  }

  /** Item i's space copied out of the arena into a buffer of its own (the cache keeps it beyond this table). */
  take(i: number): SearchSpace {
    const a = this.arena;
    const at = this.resultAt[i];
    const n = a[at];
    const space = allocateSpace(n);
    space.weightS.set(a.subarray(at + 1, at + 1 + n));
    space.durationS.set(a.subarray(at + 1 + n, at + 1 + 2 * n));
    space.distanceM.set(a.subarray(at + 1 + 2 * n, at + 1 + 3 * n));
    space.node.set(a.subarray(at + 1 + 3 * n, at + 1 + 4 * n));
    return space;
  }
}

export interface SettleBoardBuffers {
  ctl: SharedArrayBuffer;
  direction: SharedArrayBuffer;
  seedStart: SharedArrayBuffer;
  seeds: SharedArrayBuffer;
  claim: SharedArrayBuffer;
  done: SharedArrayBuffer;
  resultAt: SharedArrayBuffer;
  arena: SharedArrayBuffer;
}
