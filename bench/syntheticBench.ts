import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../dispatcher/optimizer/Random';
import { BuiltinRouter, DEFAULT_TABLE_THREADS } from '../routing/builtin/BuiltinRouter';
import { buildRoadNetwork } from '../routing/builtin/graph/buildRoadNetwork';
import { pointAlong } from '../routing/builtin/graph/chainGeometry';
import { contractNetwork } from '../routing/builtin/prepare';
import { loadPrepared, savePrepared } from '../routing/builtin/storage';
import type { LngLat } from '../routing/Router';
import { fmt, summarize, timeEach } from './benchStats';
import { syntheticCity, type SyntheticLayout } from './syntheticCity';

/** Growth curves of the built-in router on seeded synthetic cities (bench:routing --synthetic). */
export const SYNTHETIC_SIZES = [10_000, 50_000, 250_000, 1_000_000];
const SEED = 42;
const ROUTES = 200;
const TABLES = 10;
const NEAREST = 1000;

export interface SyntheticRow {
  nodes: number;
  prepareS: number;
  /** CPU seconds of the prepare child (all its threads): the steadier figure on a shared machine. */
  prepareCpuS: number;
  /** Turn-graph (edge-based) nodes and edges of the contraction hierarchy (road edges and shortcuts). */
  edgeBasedNodes: number;
  chEdges: number;
  peakRssMb: number;
  loadMs: number;
  routeMs: number;
  tableMs: number;
  nearestMs: number;
  /** Medians of the in-process CPU time of one route / one 100×100 table. */
  routeCpuMs: number;
  tableCpuMs: number;
  /** Search threads the shipped table used beside the caller's (BuiltinRouter's default), and how many of the timed tables it split. */
  tableThreads: number;
  tableSplit: string;
  /**
   * Mean CPU of the calling thread alone per table (Linux /proc/thread-self, 10 ms ticks summed over the tables; NaN
   * elsewhere): what the table's wall time would be with the search thread on a core of its own.
   */
  tableMainThreadCpuMs: number;
  /** The same tables on one thread (tableThreads: 0), timed alternately with the shipped ones (same load). */
  tableSerialMs: number;
  tableSerialCpuMs: number;
  /** SHA-256 (16 hex digits) of the timed tables' durations and distances, threaded and on one thread: must be equal. */
  tableHash: string;
  tableSerialHash: string;
}

/** A digest of tables' answers (durations and distances, as JSON): equal digests, equal answers bit for bit. */
function tablesHash(tables: ReadonlyArray<{ durationsS: unknown; distancesM: unknown }>): string {
  const h = createHash('sha256');
  for (const t of tables) h.update(JSON.stringify([t.durationsS, t.distancesM]));
  return h.digest('hex').slice(0, 16);
}

const THREAD_STAT = '/proc/thread-self/stat';
/** This thread's user + system CPU in ms (10 ms ticks), or NaN where /proc/thread-self is missing. */
function threadCpuMs(): number {
  if (!existsSync(THREAD_STAT)) return NaN;
  const fields = readFileSync(THREAD_STAT, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Wall-clock medians of `a` and `b` on each input, run alternately (a first on even inputs), after `warmup` inputs each. */
function timeAlternating<T>(inputs: readonly T[], a: (input: T) => unknown, b: (input: T) => unknown, warmup = 1): [number, number] {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) {
    a(inputs[i]);
    b(inputs[i]);
  }
  const sa: number[] = [];
  const sb: number[] = [];
  inputs.forEach((input, i) => {
    for (const [fn, out] of i % 2 === 0 ? [[a, sa], [b, sb]] as const : [[b, sb], [a, sa]] as const) {
      const t = process.hrtime.bigint();
      fn(input);
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  });
  return [summarize(sa).medianMs, summarize(sb).medianMs];
}

/** CPU medians (process.cpuUsage: all threads) of `a` and `b` run alternately with no warm-up, and `a`'s mean CPU on this thread alone. */
function cpuAlternating<T>(inputs: readonly T[], a: (input: T) => unknown, b: (input: T) => unknown): { a: number; b: number; aThisThread: number } {
  const sa: number[] = [];
  const sb: number[] = [];
  let thisThread = 0;
  inputs.forEach((input, i) => {
    for (const which of i % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
      const c = process.cpuUsage();
      const t = threadCpuMs();
      (which === 'a' ? a : b)(input);
      const used = process.cpuUsage(c);
      if (which === 'a') thisThread += threadCpuMs() - t;
      (which === 'a' ? sa : sb).push((used.user + used.system) / 1000);
    }
  });
  return { a: summarize(sa).medianMs, b: summarize(sb).medianMs, aThisThread: thisThread / inputs.length };
}

/** Median CPU milliseconds (process.cpuUsage) of `fn` over the inputs, after `warmup` untimed calls. */
function cpuEach<T>(inputs: readonly T[], fn: (input: T) => unknown, warmup = 3): number {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) fn(inputs[i]);
  const samples: number[] = [];
  for (const input of inputs) {
    const c = process.cpuUsage();
    fn(input);
    const used = process.cpuUsage(c);
    samples.push((used.user + used.system) / 1000);
  }
  return summarize(samples).medianMs;
}

/** In a child process of its own (so its peak RSS is the prepare's): generate, prepare, save. */
export async function childSynthetic(nodes: number, out: string, layout: SyntheticLayout = 'city'): Promise<void> {
  const city = syntheticCity(nodes, SEED, layout);
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const prepared = contractNetwork(buildRoadNetwork(city.extract));
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  savePrepared(out, prepared, `synthetic-${nodes}`, '2026-01-01T00:00:00.000Z');
  const chEdges = prepared.ch.fwdHead.length + prepared.ch.bwdHead.length;
  process.stdout.write(JSON.stringify({ seconds, cpuS, maxRssMB: process.resourceUsage().maxRSS / 1024, nodes: city.nodes, edgeBasedNodes: prepared.ch.nodeCount, chEdges }));
}

export async function benchSynthetic(nodes: number, script: string, layout: SyntheticLayout = 'city'): Promise<SyntheticRow> {
  const dir = mkdtempSync(join(tmpdir(), `anystop-synthetic-${nodes}-`));
  try {
    const child = spawnSync(process.execPath, ['--max-old-space-size=16384', script, '--child-synthetic', String(nodes), dir, layout], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`synthetic prepare of ${nodes} failed: ${child.stderr}`);
    const prep = JSON.parse(child.stdout) as { seconds: number; cpuS: number; maxRssMB: number; nodes: number; edgeBasedNodes: number; chEdges: number };
    // wall time is what the table shows; on a shared machine the CPU time is the steadier figure
    process.stderr.write(`synthetic ${layout} ${prep.nodes}: prepare ${prep.seconds.toFixed(1)} s wall, ${prep.cpuS.toFixed(1)} s CPU (all threads of the child)\n`);
    const t = process.hrtime.bigint();
    const prepared = loadPrepared(dir);
    const router = new BuiltinRouter(prepared);
    const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
    const net = prepared.network;
    const rng = new Random(SEED);
    const onRoad = (): LngLat => {
      const c = rng.int(0, net.chainCount - 1);
      return pointAlong(net, c, rng.next() * net.chainLengthM[c]);
    };
    const pairs = Array.from({ length: ROUTES }, () => [onRoad(), onRoad()] as LngLat[]);
    const tables = Array.from({ length: TABLES }, () => Array.from({ length: 100 }, onRoad));
    const [minLon, minLat, maxLon, maxLat] = prepared.meta.bbox;
    const queries = Array.from({ length: NEAREST }, () => [minLon + rng.next() * (maxLon - minLon), minLat + rng.next() * (maxLat - minLat)] as LngLat);
    const routeMs = timeEach(pairs, (p) => {
      try {
        router.routeSync(p);
      } catch {
        // a pair on a street cut off by the left-out blocks costs its search too
      }
    }).medianMs;
    // the shipped table (its search threads started first, as a server would) against one thread, alternately
    const serialRouter = new BuiltinRouter(prepared, { tableThreads: 0 });
    await router.startTableThreads();
    const [tableMs, tableSerialMs] = timeAlternating(tables, (pts) => router.tableSync(pts, pts), (pts) => serialRouter.tableSync(pts, pts), 1);
    const nearestMs = timeEach(queries, (q) => router.nearestSync(q)).medianMs;
    const tableHash = tablesHash(tables.map((pts) => router.tableSync(pts, pts)));
    const tableSerialHash = tablesHash(tables.map((pts) => serialRouter.tableSync(pts, pts)));
    // CPU medians on a fresh router with no warm-up call: the wall-time runs above warmed the code, and a table's
    // search-space cache would otherwise serve the warm-up table's points again
    const cpuRouter = new BuiltinRouter(prepared);
    const routeCpuMs = cpuEach(
      pairs,
      (p) => {
        try {
          cpuRouter.routeSync(p);
        } catch {
          // as above
        }
      },
      0,
    );
    const cpuSerial = new BuiltinRouter(prepared, { tableThreads: 0 });
    await cpuRouter.startTableThreads();
    const cpu = cpuAlternating(tables, (pts) => cpuRouter.tableSync(pts, pts), (pts) => cpuSerial.tableSync(pts, pts));
    const split = cpuRouter.tableParallelStats.splitTables;
    await cpuRouter.close();
    await router.close();
    const tableCpuMs = cpu.a;
    const extra = { tableThreads: DEFAULT_TABLE_THREADS, tableSplit: `${split}/${tables.length}`, tableMainThreadCpuMs: cpu.aThisThread, tableSerialMs, tableSerialCpuMs: cpu.b, tableHash, tableSerialHash };
    return { nodes: prep.nodes, prepareS: prep.seconds, prepareCpuS: prep.cpuS, edgeBasedNodes: prep.edgeBasedNodes, chEdges: prep.chEdges, peakRssMb: prep.maxRssMB, loadMs, routeMs, tableMs, nearestMs, routeCpuMs, tableCpuMs, ...extra };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSynthetic(rows: SyntheticRow[]): void {
  const head = ['road nodes', 'edge-based nodes', 'CH edges', 'prepare (s)', 'prepare CPU (s)', 'peak RSS (MB)', 'load (ms)', 'route (ms)', 'route CPU (ms)', '100×100 table (ms)', 'table CPU (ms)', 'caller thread (ms)', '1 thread (ms)', '1 thread CPU (ms)', 'nearest (ms)'];
  const lines = rows.map((r) => [
    r.nodes.toLocaleString('en'),
    r.edgeBasedNodes.toLocaleString('en'),
    r.chEdges.toLocaleString('en'),
    r.prepareS.toFixed(1),
    r.prepareCpuS.toFixed(1),
    r.peakRssMb.toFixed(0),
    fmt(r.loadMs),
    fmt(r.routeMs),
    fmt(r.routeCpuMs),
    fmt(r.tableMs),
    fmt(r.tableCpuMs),
    fmt(r.tableMainThreadCpuMs),
    fmt(r.tableSerialMs),
    fmt(r.tableSerialCpuMs),
    fmt(r.nearestMs),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  for (const l of [head, ...lines]) process.stdout.write(`${l.map((x, c) => x.padStart(widths[c])).join('  ')}\n`);
  process.stdout.write(`\nThe table runs on the caller's thread and ${rows[0]?.tableThreads ?? 0} search thread(s) (split: ${rows.map((r) => r.tableSplit).join(', ')} timed tables); "caller thread" is its CPU there alone, "1 thread" the same tables with tableThreads 0, timed alternately.\n`);
  process.stdout.write(`Answers (SHA-256 of durations and distances), threaded / 1 thread: ${rows.map((r) => `${r.tableHash} / ${r.tableSerialHash}${r.tableHash === r.tableSerialHash ? '' : ' DIFFER'}`).join(', ')}\n`);
  process.stdout.write('\nGoals at 250k nodes: prepare ≤ 60 s and ≤ 2 GB, 100×100 table ≤ 10 ms in process, route ≤ 1 ms. Medians.\n');
}
