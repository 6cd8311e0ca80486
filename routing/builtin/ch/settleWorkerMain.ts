import { workerData } from 'node:worker_threads';
import { hierarchyOf, type SharedHierarchy } from './SharedHierarchy';
import { ACK, COUNT, DIRECTION_FORWARD, GEN, SettleBoard, STOP, type SettleBoardBuffers } from './SettleBoard';
import { SearchSpaces } from './SearchSpaces';
import { provideWasmSearchCore } from './WasmUpwardSearch';

/**
 * Search-thread entry of ParallelSettler: waits on the board's GEN word (no event loop, no messages), then claims
 * items front to back, writing each space into the arena, and acknowledges the job. Ends when STOP is set.
 */
export interface SettleWorkerData {
  hierarchy: SharedHierarchy;
  board: SettleBoardBuffers;
  /** This thread's ACK slot. */
  slot: number;
  /** The WebAssembly search core to search with (the table thread's compiled module), or null for the TypeScript one. */
  wasmCore: WebAssembly.Module | null;
}

function run(data: SettleWorkerData): void {
  const board = new SettleBoard(data.board);
  const ch = hierarchyOf(data.hierarchy);
  // Only `settle` is used: nothing is kept on this side (the table's thread keeps what it is handed).
  if (data.wasmCore) provideWasmSearchCore(data.wasmCore);
  const core = data.wasmCore ? 'wasm' : 'js';
  const spaces = [new SearchSpaces(ch, 'forward', 1, core), new SearchSpaces(ch, 'backward', 1, core)];
  const ctl = board.ctl;
  let seen = Atomics.load(ctl, GEN);
  Atomics.store(ctl, ACK + data.slot, seen);
  for (;;) {
    Atomics.wait(ctl, GEN, seen);
    seen = Atomics.load(ctl, GEN);
    if (Atomics.load(ctl, STOP) !== 0) return;
    const count = Atomics.load(ctl, COUNT);
    for (let i = 0; i < count; i++) {
      if (Atomics.compareExchange(board.claim, i, 0, 1) !== 0) continue;
      const settle = spaces[board.direction[i] === DIRECTION_FORWARD ? 0 : 1];
      board.put(i, settle.settle(board.seedsOf(i)));
    }
    Atomics.store(ctl, ACK + data.slot, seen);
  }
}

if (workerData) run(workerData as SettleWorkerData);
