import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { BidirectionalDijkstra } from '../routing/builtin/dijkstra/BidirectionalDijkstra';
import { OneToManyDijkstra } from '../routing/builtin/dijkstra/OneToManyDijkstra';
import { buildTurnGraph } from '../routing/builtin/graph/turnGraph';
import { prepareRouter } from '../routing/builtin/prepare';
import { sourceSeeds, targetSeeds } from '../routing/builtin/snap/Phantom';
import { SegmentIndex } from '../routing/builtin/snap/SegmentIndex';
import { loadPrepared } from '../routing/builtin/storage';
import type { LngLat } from '../routing/Router';
import { fmt, summarize, timeEach, timeEachAsync, type Timing } from './benchStats';
import { Random } from '../dispatcher/optimizer/Random';
import { benchSynthetic, childSynthetic, printSynthetic, SYNTHETIC_SIZES } from './syntheticBench';

/**
 * `npm run bench:routing [-- --json] [-- --city monaco] [-- --synthetic [--sizes 10000,250000] [--grid]]`: preprocessing time and peak memory, and the
 * median latency of route, 100×100 table and nearest on each shared extract, in process and over HTTP,
 * with the ratio against plain bidirectional Dijkstra on the same queries, measured in the same run.
 */
const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const CITIES = ['seoul-songpa', 'monaco'];
const SEED = 42;
const ROUTES = 300;
const TABLES = 20;
const TABLE_SIZE = 100;
const NEARESTS = 2000;

interface CityFigures {
  city: string;
  prepareS: number;
  preparePeakRssMB: number;
  loadMs: number;
  routeMs: Timing;
  table100Ms: Timing;
  nearestMs: Timing;
  dijkstraRouteMs: Timing;
  dijkstraTable100Ms: Timing;
  routeSpeedup: number;
  tableSpeedup: number;
  httpRouteMs: Timing;
  httpTable100Ms: Timing;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child-prepare') return childPrepare(args[1], args[2]);
  if (args[0] === '--child-synthetic') return childSynthetic(Number(args[1]), args[2], args[3] === 'grid' ? 'grid' : 'city');
  const json = args.includes('--json');
  if (args.includes('--synthetic')) {
    const sizes = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : SYNTHETIC_SIZES;
    if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes takes whole node counts ≥ 100, e.g. --sizes 10000,250000');
    const layout = args.includes('--grid') ? 'grid' : 'city';
    const rows = [];
    for (const n of sizes) {
      if (!json) process.stderr.write(`synthetic ${layout} of ${n} road nodes...\n`);
      rows.push(await benchSynthetic(n, __filename, layout));
    }
    if (json) process.stdout.write(`${JSON.stringify({ synthetic: rows })}\n`);
    else printSynthetic(rows);
    return;
  }
  const only = args.includes('--city') ? args[args.indexOf('--city') + 1] : undefined;
  const figures: CityFigures[] = [];
  for (const city of CITIES.filter((c) => !only || c === only)) {
    if (!json) process.stderr.write(`${city}...\n`);
    figures.push(await benchCity(city));
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ bench: 'routing', seed: SEED, cities: figures })}\n`);
    return;
  }
  printTable(figures);
}

/** Prepare runs in a child process of its own, so its peak memory is its own. */
async function childPrepare(osm: string, out: string): Promise<void> {
  const t = process.hrtime.bigint();
  await prepareRouter(osm, { outDir: out });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

async function benchCity(city: string): Promise<CityFigures> {
  const osm = join(SHARED, 'data', 'osm', `${city}.osm.pbf`);
  const dir = mkdtempSync(join(tmpdir(), `anystop-bench-${city}-`));
  try {
    const child = spawnSync(process.execPath, [__filename, '--child-prepare', osm, dir], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`prepare failed: ${child.stderr}`);
    const prep = JSON.parse(child.stdout) as { seconds: number; maxRssMB: number };

    const t = process.hrtime.bigint();
    const prepared = loadPrepared(dir);
    const router = new BuiltinRouter(prepared);
    const loadMs = Number(process.hrtime.bigint() - t) / 1e6;

    const points = recordedPoints(city);
    const rng = new Random(SEED);
    const rand = () => rng.next();
    const pick = () => points[Math.floor(rand() * points.length)];
    const pairs = Array.from({ length: ROUTES }, () => [pick(), pick()] as [LngLat, LngLat]);
    const tables = Array.from({ length: TABLES }, () => Array.from({ length: TABLE_SIZE }, pick));
    const [minLon, minLat, maxLon, maxLat] = prepared.meta.bbox;
    const queries = Array.from({ length: NEARESTS }, () => [minLon + rand() * (maxLon - minLon), minLat + rand() * (maxLat - minLat)] as LngLat);

    const routeMs = timeEach(pairs, (p) => router.routeSync(p));
    const table100Ms = timeEach(tables, (pts) => router.tableSync(pts, pts));
    const nearestMs = timeEach(queries, (q) => {
      try {
        router.nearestSync(q);
      } catch {
        // points beyond the snap limit are part of the workload: they cost a search too
      }
    });

    // Baseline: the same queries with plain Dijkstra on the same edge-based graph (same snapping, no hierarchy).
    const net = prepared.network;
    const index = new SegmentIndex(net);
    const dijkstra = new BidirectionalDijkstra(prepared.turns, buildTurnGraph(net, true));
    const oneToMany = new OneToManyDijkstra(prepared.turns);
    const snapSeeds = (p: LngLat) => {
      const phantoms = index.snap(p);
      return { src: phantoms.flatMap((ph) => sourceSeeds(net, ph)), dst: phantoms.flatMap((ph) => targetSeeds(net, ph)) };
    };
    const dijkstraRouteMs = timeEach(pairs, ([a, b]) => dijkstra.shortest(snapSeeds(a).src, snapSeeds(b).dst));
    // The table baseline: one one-to-many Dijkstra per source (not sources × destinations point-to-point searches).
    const dijkstraTable100Ms = timeEach(tables.slice(0, 5), (pts) => {
      const seeds = pts.map(snapSeeds);
      const dst = seeds.map((s) => s.dst);
      for (const s of seeds) oneToMany.row(s.src, dst);
    }, 1);

    const http = await benchHttp(dir, pairs, tables);
    return {
      city,
      prepareS: prep.seconds,
      preparePeakRssMB: prep.maxRssMB,
      loadMs,
      routeMs,
      table100Ms,
      nearestMs,
      dijkstraRouteMs,
      dijkstraTable100Ms,
      routeSpeedup: dijkstraRouteMs.medianMs / routeMs.medianMs,
      tableSpeedup: dijkstraTable100Ms.medianMs / table100Ms.medianMs,
      ...http,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function recordedPoints(city: string): LngLat[] {
  const rec = JSON.parse(readFileSync(join(SHARED, 'osrm-samples', `${city}.json`), 'utf8')) as { pairs: Array<{ from: LngLat; to: LngLat }> };
  return rec.pairs.flatMap((p) => [p.from, p.to]);
}

/** Runs `anystop routing serve` as its own process and times sequential keep-alive requests. */
async function benchHttp(dir: string, pairs: Array<[LngLat, LngLat]>, tables: LngLat[][]): Promise<{ httpRouteMs: Timing; httpTable100Ms: Timing }> {
  const cli = resolve(__dirname, '..', 'cli', 'main.js');
  const server = spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).main(process.argv)`, 'x', 'routing', 'serve', dir, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const port = await new Promise<number>((ok, fail) => {
      let text = '';
      server.stderr.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /127\.0\.0\.1:(\d+)/.exec(text);
        if (m) ok(Number(m[1]));
      });
      server.once('exit', (code) => fail(new Error(`routing serve exited with ${code}: ${text}`)));
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<void>((ok, fail) => {
        const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode} for ${path.slice(0, 80)}`))));
        });
        req.on('error', fail);
        req.end();
      });
    const coords = (pts: LngLat[]) => pts.map((p) => `${p[0]},${p[1]}`).join(';');
    const httpRouteMs = await timeEachAsync(pairs, (p) => get(`/route/v1/driving/${coords(p)}?overview=full&geometries=polyline6`));
    const httpTable100Ms = await timeEachAsync(tables, (pts) => get(`/table/v1/driving/${coords(pts)}?annotations=duration,distance`));
    agent.destroy();
    return { httpRouteMs, httpTable100Ms };
  } finally {
    server.kill();
  }
}

function printTable(figures: CityFigures[]): void {
  const rows: string[][] = [['', ...figures.map((f) => f.city)]];
  const add = (label: string, get: (f: CityFigures) => string) => rows.push([label, ...figures.map(get)]);
  add('prepare (s)', (f) => f.prepareS.toFixed(2));
  add('prepare peak RSS (MB)', (f) => f.preparePeakRssMB.toFixed(0));
  add('load prepared (ms)', (f) => fmt(f.loadMs));
  add('route median (ms), in process', (f) => fmt(f.routeMs.medianMs));
  add('  bidirectional Dijkstra (ms)', (f) => fmt(f.dijkstraRouteMs.medianMs));
  add('  speed-up ×', (f) => f.routeSpeedup.toFixed(1));
  add('100×100 table median (ms)', (f) => fmt(f.table100Ms.medianMs));
  add('  100 one-to-many Dijkstra (ms)', (f) => fmt(f.dijkstraTable100Ms.medianMs));
  add('  speed-up ×', (f) => f.tableSpeedup.toFixed(0));
  add('nearest median (ms)', (f) => fmt(f.nearestMs.medianMs));
  add('HTTP route median (ms)', (f) => fmt(f.httpRouteMs.medianMs));
  add('HTTP 100×100 table median (ms)', (f) => fmt(f.httpTable100Ms.medianMs));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) process.stdout.write(`${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
  process.stdout.write(`\nGoals: in process 100×100 < 5 ms, route < 0.5 ms; over HTTP no slower than OSRM (11–16 ms table, 0.6–0.8 ms route).\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:routing failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

export { summarize };
