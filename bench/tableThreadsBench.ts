import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Random } from '../dispatcher/optimizer/Random';
import { BuiltinRouter, type BuiltinRouterOptions } from '../routing/builtin/BuiltinRouter';
import { buildRoadNetwork } from '../routing/builtin/graph/buildRoadNetwork';
import { pointAlong } from '../routing/builtin/graph/chainGeometry';
import { contractNetwork } from '../routing/builtin/prepare';
import { GRAPH_FILE, loadPrepared, META_FILE, savePrepared } from '../routing/builtin/storage';
import type { LngLat } from '../routing/Router';
import { fmt, summarize } from './benchStats';
import { syntheticCity } from './syntheticCity';

/**
 * `npm run bench:table [-- --nodes 250000] [--sizes 100,50,25,10] [--rounds 5] [--dir /tmp/anystop-city-250000]`:
 * cold n×n tables on the seeded synthetic city (bench:routing --synthetic's points): the shipped router (WebAssembly
 * search core, one search thread) against the TypeScript core and against no search thread (tableSearchCore js /
 * wasm × tableThreads 0 / 1), rotating table by table in one process so all see the same load. Fresh
 * routers each round (every table cold); the thread is started before a round is timed. Prints wall, CPU (all
 * threads) and the caller thread's CPU alone (Linux /proc/thread-self, 10 ms ticks: a mean over the round's tables).
 * The prepared city is kept in --dir (made on first use).
 */
const SEED = 42;
const TABLES = 10;
const THREAD_STAT = '/proc/thread-self/stat';

function threadCpuMs(): number {
  if (!existsSync(THREAD_STAT)) return NaN;
  const fields = readFileSync(THREAD_STAT, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function arg(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

async function main(): Promise<void> {
  const nodes = Number(arg('--nodes', '250000'));
  const sizes = arg('--sizes', '100,50,25,10').split(',').map(Number);
  const rounds = Number(arg('--rounds', '5'));
  const dir = arg('--dir', join('/tmp', `anystop-city-${nodes}`));
  if (!existsSync(join(dir, META_FILE)) || !existsSync(join(dir, GRAPH_FILE))) {
    process.stderr.write(`preparing the synthetic city of ${nodes} road nodes into ${dir}...\n`);
    mkdirSync(dir, { recursive: true });
    savePrepared(dir, contractNetwork(buildRoadNetwork(syntheticCity(nodes, SEED, 'city').extract)), `synthetic-${nodes}`, '2026-01-01T00:00:00.000Z');
  }
  const prepared = loadPrepared(dir);
  const net = prepared.network;
  const rng = new Random(SEED);
  const onRoad = (): LngLat => {
    const c = rng.int(0, net.chainCount - 1);
    return pointAlong(net, c, rng.next() * net.chainLengthM[c]);
  };
  Array.from({ length: 400 }, onRoad); // bench:routing --synthetic's route pairs come first
  const tables = Array.from({ length: TABLES }, () => Array.from({ length: Math.max(...sizes) }, onRoad));
  const warmup = Array.from({ length: 3 }, () => Array.from({ length: Math.max(...sizes) }, onRoad));
  // The shipped router (WebAssembly search core, one search thread) and its baselines: the TypeScript core (what the
  // router was before), each with and without the search thread.
  const variants: { name: string; options: BuiltinRouterOptions }[] = [
    { name: 'ts, 0 threads', options: { tableThreads: 0, tableSearchCore: 'js' } },
    { name: 'ts, 1 thread', options: { tableThreads: 1, tableSearchCore: 'js' } },
    { name: 'wasm, 0 threads', options: { tableThreads: 0, tableSearchCore: 'wasm' } },
    { name: 'wasm, 1 thread (shipped)', options: { tableThreads: 1, tableSearchCore: 'wasm' } },
  ];
  {
    const warm = variants.map((v) => new BuiltinRouter(prepared, v.options));
    for (const r of warm) await r.startTableThreads();
    for (const t of warmup) for (const r of warm) r.tableSync(t, t);
    for (const r of warm) await r.close();
  }
  process.stdout.write(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('table    router                     wall min/median/max (ms)   CPU min/median/max (ms)   caller thread mean (ms)  split\n');
  for (const size of sizes) {
    const s = variants.map(() => ({ wall: [] as number[], cpu: [] as number[], caller: 0, split: 0 }));
    for (let round = 0; round < rounds; round++) {
      const routers = variants.map((v) => new BuiltinRouter(prepared, v.options));
      for (const r of routers) await r.startTableThreads();
      tables.forEach((table, k) => {
        const pts = table.slice(0, size);
        // each variant in turn, the order rotated table by table (none always first or last)
        for (let i = 0; i < variants.length; i++) {
          const th = (i + k) % variants.length;
          const c = process.cpuUsage();
          const t0 = threadCpuMs();
          const w = process.hrtime.bigint();
          routers[th].tableSync(pts, pts);
          s[th].wall.push(Number(process.hrtime.bigint() - w) / 1e6);
          s[th].caller += threadCpuMs() - t0;
          const used = process.cpuUsage(c);
          s[th].cpu.push((used.user + used.system) / 1000);
        }
      });
      routers.forEach((r, th) => (s[th].split += r.tableParallelStats.splitTables));
      for (const r of routers) await r.close();
    }
    const shipped = summarize(s[variants.length - 1].wall).medianMs;
    variants.forEach((v, th) => {
      const w = summarize(s[th].wall);
      const c = summarize(s[th].cpu);
      const n = s[th].wall.length;
      const threaded = (v.options.tableThreads ?? 0) > 0;
      process.stdout.write(
        `${`${size}×${size}`.padEnd(9)}${v.name.padEnd(26)} ${`${fmt(w.minMs)} / ${fmt(w.medianMs)} / ${fmt(w.maxMs)}`.padStart(25)}  ${`${fmt(c.minMs)} / ${fmt(c.medianMs)} / ${fmt(c.maxMs)}`.padStart(24)}  ${fmt(s[th].caller / n).padStart(23)}  ${threaded ? `${s[th].split}/${n}` : ''}  ${th === variants.length - 1 ? '' : `(${(w.medianMs / shipped).toFixed(2)}× the shipped median)`}\n`,
      );
    });
  }
  process.stdout.write(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:table failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
