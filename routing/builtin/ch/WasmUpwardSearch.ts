import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChGraph } from './ChGraph';
import { allocateSpace, type SearchSpace } from './SearchSpaces';
import type { Seed } from '../snap/Phantom';

/** The compiled core (scripts/buildWasm.mjs), beside this file in dist/ and in the sources. */
const WASM_FILE = join(__dirname, 'wasm', 'upwardSearch.wasm');
const PAGE = 65_536;
/** Seeds one search takes at most from the seed room (a point has one or two; a table's end a few). */
const SEED_ROOM = 256;

interface CoreExports {
  stateBytes(nodes: number): number;
  setup(nodes: number, first: number, head: number, weight: number, duration: number, distance: number, stallFirst: number, stallHead: number, stallWeight: number, state: number): void;
  settle(count: number): number;
  outNodes(): number;
  outWeights(): number;
  outDurations(): number;
  outDistances(): number;
  seedRoom(): number;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled core, read once a process (or handed over: `provideWasmSearchCore`, a search thread's). */
export function wasmSearchCore(): WebAssembly.Module {
  if (compiled) return compiled;
  if (!existsSync(WASM_FILE)) throw new Error(`The router's WebAssembly search core is missing: ${WASM_FILE} does not exist; run npm run build`);
  compiled = new WebAssembly.Module(readFileSync(WASM_FILE));
  return compiled;
}

/** A search thread takes the module its table's thread compiled (posted in its workerData) instead of reading the file. */
export function provideWasmSearchCore(module: WebAssembly.Module): void {
  compiled = module;
}

/** One thread's copy of a hierarchy in WebAssembly memory: both directions' arrays, once, and room for two searches. */
interface WasmHierarchy {
  memory: WebAssembly.Memory;
  /** Byte offsets of each direction's arrays (by ChGraph field name). */
  at: Map<string, number>;
  /** Next free byte. */
  end: number;
}

const hierarchies = new WeakMap<ChGraph, WasmHierarchy>();

const ARRAYS = ['fwdFirst', 'fwdHead', 'fwdWeightS', 'fwdDurationS', 'fwdDistanceM', 'bwdFirst', 'bwdHead', 'bwdWeightS', 'bwdDurationS', 'bwdDistanceM'] as const;

function hierarchyIn(ch: ChGraph): WasmHierarchy {
  const known = hierarchies.get(ch);
  if (known) return known;
  const bytes = ARRAYS.reduce((sum, name) => sum + ch[name].byteLength + 8, PAGE);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  const at = new Map<string, number>();
  let end = PAGE; // the first page stays free (the module's own data, none today)
  for (const name of ARRAYS) {
    end = (end + 7) & ~7;
    const a = ch[name];
    if (a instanceof Int32Array) new Int32Array(memory.buffer, end, a.length).set(a);
    else new Float64Array(memory.buffer, end, a.length).set(a);
    at.set(name, end);
    end += a.byteLength;
  }
  const h = { memory, at, end: (end + 7) & ~7 };
  hierarchies.set(ch, h);
  return h;
}

/**
 * One direction's upward search spaces, searched by the WebAssembly core (wasm/upwardSearch.as.ts): the algorithm
 * of UpwardSearch + SearchSpaces.settle, operation for operation, so every space is bit for bit the same (tested), in
 * about two thirds of the time (docs/benchmarks.md). The hierarchy's arrays are copied into one memory per thread
 * (shared by its directions and tables); each search instance adds its own per-node state (88 bytes a node).
 */
export class WasmUpwardSearch {
  private readonly exports: CoreExports;
  private readonly memory: WebAssembly.Memory;
  private readonly rank: Int32Array;

  constructor(ch: ChGraph, direction: 'forward' | 'backward') {
    const h = hierarchyIn(ch);
    const instance = new WebAssembly.Instance(wasmSearchCore(), { env: { memory: h.memory, abort: () => { throw new Error('WebAssembly search core aborted'); } } });
    this.exports = instance.exports as unknown as CoreExports;
    this.memory = h.memory;
    this.rank = ch.rank;
    const state = h.end;
    const need = state + this.exports.stateBytes(ch.nodeCount) + SEED_ROOM * 32;
    if (need > h.memory.buffer.byteLength) h.memory.grow(Math.ceil((need - h.memory.buffer.byteLength) / PAGE));
    h.end = (need + 7) & ~7;
    const [mine, other] = direction === 'forward' ? ['fwd', 'bwd'] : ['bwd', 'fwd'];
    const at = (name: string) => h.at.get(name)!;
    this.exports.setup(ch.nodeCount, at(`${mine}First`), at(`${mine}Head`), at(`${mine}WeightS`), at(`${mine}DurationS`), at(`${mine}DistanceM`), at(`${other}First`), at(`${other}Head`), at(`${other}WeightS`), state);
  }

  /** The nodes the seeds' upward search settles (stalled ones left out), in settle order, with their labels then. */
  settle(seeds: readonly Seed[]): SearchSpace {
    if (seeds.length > SEED_ROOM) throw new RangeError(`A search takes at most ${SEED_ROOM} seeds, got ${seeds.length}`);
    const e = this.exports;
    const room = new Float64Array(this.memory.buffer, e.seedRoom(), seeds.length * 4);
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i];
      room[4 * i] = this.rank[s.node];
      room[4 * i + 1] = s.weightS;
      room[4 * i + 2] = s.durationS;
      room[4 * i + 3] = s.distanceM;
    }
    const count = e.settle(seeds.length);
    // the memory's buffer is read after the call: a grow (another instance's setup) replaces it
    const buffer = this.memory.buffer;
    const space = allocateSpace(count);
    space.node.set(new Int32Array(buffer, e.outNodes(), count));
    space.weightS.set(new Float64Array(buffer, e.outWeights(), count));
    space.durationS.set(new Float64Array(buffer, e.outDurations(), count));
    space.distanceM.set(new Float64Array(buffer, e.outDistances(), count));
    return space;
  }
}
