import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { checkDarpSolution } from '../dispatcher/darp/checkDarpSolution';
import { loadCordeauFile } from '../dispatcher/darp/loadCordeauFile';
import { darpToDispatchProblem, solveDarp } from '../dispatcher/darp/solveDarp';
import type { DarpInstance } from '../dispatcher/darp/parseCordeau';
import { BestInsertionFinder } from '../dispatcher/insertion/BestInsertionFinder';
import { CompiledProblem } from '../dispatcher/insertion/CompiledProblem';
import { ScheduleScratch } from '../dispatcher/insertion/ScheduleScratch';
import { exchange } from '../dispatcher/optimizer/exchange';
import { Plan } from '../dispatcher/optimizer/Plan';
import { Random } from '../dispatcher/optimizer/Random';
import { regretInsertion } from '../dispatcher/optimizer/regretInsertion';
import { relocate } from '../dispatcher/optimizer/relocate';

/**
 * `npm run bench:darp`: solve every Cordeau 'a' instance with a fixed time limit and seed, check each solution with
 * the independent checker, and compare with the best-known costs. The baseline, measured in the same run, is the
 * starting plan (regret insertion plus relocate/exchange, no large-neighbourhood search).
 */

/** Per-instance search time when --time-limit is not given: 24 instances finish in about 12 minutes. */
export const DEFAULT_BENCH_TIME_LIMIT_S = 30;
export const DEFAULT_BENCH_SEED = 1;

/** The repository root: the nearest folder upwards holding package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

interface Row {
  instance: string;
  n: number;
  vehicles: number;
  cost: number;
  bestKnown: number | null;
  gapPct: number | null;
  startGapPct: number | null;
  feasible: boolean;
  timeS: number;
  iterations: number;
}

/**
 * The baseline: the starting plan the search begins from, built here step by step so it is exactly that:
 * regret-2 insertion from empty routes, then relocate and exchange until neither improves, no large-neighbourhood
 * search. (`solveDarp` with `maxIterations: 0` is not it: its iteration budget also stops the local search.)
 */
function startingPlanRoutes(inst: DarpInstance, seed: number): number[][] {
  const problem = new CompiledProblem(darpToDispatchProblem(inst));
  const scratch = new ScheduleScratch(problem);
  const finder = new BestInsertionFinder(problem, scratch);
  const rng = new Random(seed);
  const plan = Plan.fromRoutes(problem, scratch);
  regretInsertion(2).recreate(plan, finder, rng);
  while (relocate(plan, finder, rng) + exchange(plan, finder, rng) > 0) {
    /* until no move improves */
  }
  const n = inst.requestCount;
  const toNode = (id: number): number => (id % 2 === 0 ? (id >> 1) + 1 : n + (id >> 1) + 1);
  return plan
    .toVehicleRoutes()
    .filter((r) => r.stops.length > 0)
    .map((r) => [0, ...r.stops.map(toNode), 2 * n + 1]);
}

function readBestKnown(file: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1)) {
    const [name, cost] = line.split(',');
    if (name && Number.isFinite(Number(cost))) out.set(name.trim(), Number(cost));
  }
  return out;
}

function quantiles(xs: number[]): { min: number; median: number; max: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    min: s[0],
    max: s[s.length - 1],
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

function main(argv: string[]): void {
  const program = new Command()
    .name('darpBench')
    .option('--time-limit <seconds>', 'search time per instance', (v: string) => {
      const x = Number(v);
      if (!(x > 0)) throw new InvalidArgumentError('expected a positive number of seconds.');
      return x;
    }, DEFAULT_BENCH_TIME_LIMIT_S)
    .option('--seed <n>', 'random seed', (v: string) => Number.parseInt(v, 10), DEFAULT_BENCH_SEED)
    .option('--iterations <n>', 'stop each search after n iterations instead of the time limit (reproducible on any machine)', (v: string) => {
      const x = Number(v);
      if (!Number.isInteger(x) || x < 0) throw new InvalidArgumentError('expected a non-negative integer.');
      return x;
    })
    .option('--only <names>', 'comma-separated instance names, e.g. a2-16,a3-18')
    .option('--json', 'print the figures as one JSON line')
    .parse(argv);
  const opts = program.opts<{ timeLimit: number; seed: number; iterations?: number; only?: string; json?: boolean }>();
  const budget = opts.iterations !== undefined ? { maxIterations: opts.iterations } : { timeLimitMs: opts.timeLimit * 1000 };

  const dataDir = resolve(repoRoot(), '..', 'shared', 'data', 'darp');
  const instanceDir = join(dataDir, 'instances');
  if (!existsSync(instanceDir)) throw new Error(`No DARP instances at ${instanceDir}`);
  const bestKnown = readBestKnown(join(dataDir, 'best-known.csv'));
  let names = readdirSync(instanceDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.replace(/\.txt$/, ''))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (opts.only) {
    const wanted = opts.only.split(',').map((s) => s.trim());
    const unknown = wanted.filter((w) => !names.includes(w));
    if (unknown.length) throw new Error(`Unknown instance(s): ${unknown.join(', ')}. Available: ${names.join(', ')}`);
    names = wanted;
  }

  const rows: Row[] = [];
  const log = (s: string): void => {
    if (!opts.json) console.log(s);
  };
  log(`DARP bench: ${names.length} instances, ${opts.iterations !== undefined ? `${opts.iterations} iterations` : `${opts.timeLimit} s`} each, seed ${opts.seed}`);
  log('instance   n  K       cost  best-known   gap %  start gap %  feasible  time s   iterations');
  for (const name of names) {
    const inst = loadCordeauFile(join(instanceDir, `${name}.txt`));
    const now = (): number => performance.now();
    const baselineRoutes = startingPlanRoutes(inst, opts.seed);
    const t0 = performance.now();
    const sol = solveDarp(inst, { ...budget, seed: opts.seed, now });
    const timeS = (performance.now() - t0) / 1000;
    const check = checkDarpSolution(inst, sol.routes);
    const bk = bestKnown.get(name) ?? null;
    const gap = (c: number): number | null => (bk ? ((c - bk) / bk) * 100 : null);
    const row: Row = {
      instance: name,
      n: inst.requestCount,
      vehicles: check.vehicles,
      cost: check.cost,
      bestKnown: bk,
      gapPct: gap(check.cost),
      startGapPct: gap(checkDarpSolution(inst, baselineRoutes).cost),
      feasible: check.feasible,
      timeS,
      iterations: sol.iterations,
    };
    rows.push(row);
    const f = (x: number | null, d: number, w: number): string => (x === null ? '-' : x.toFixed(d)).padStart(w);
    log(
      `${name.padEnd(8)} ${String(row.n).padStart(3)} ${String(row.vehicles).padStart(2)} ${f(row.cost, 3, 10)} ${f(bk, 3, 11)} ${f(row.gapPct, 2, 7)} ${f(row.startGapPct, 2, 12)}  ${(row.feasible ? 'yes' : 'NO').padEnd(8)} ${f(timeS, 1, 6)} ${String(row.iterations).padStart(12)}`,
    );
  }
  const gaps = rows.map((r) => r.gapPct).filter((g): g is number => g !== null);
  const startGaps = rows.map((r) => r.startGapPct).filter((g): g is number => g !== null);
  const g = gaps.length ? quantiles(gaps) : null;
  const sg = startGaps.length ? quantiles(startGaps) : null;
  const infeasible = rows.filter((r) => !r.feasible).map((r) => r.instance);
  const over3 = rows.filter((r) => (r.gapPct ?? 0) > 3).map((r) => r.instance);
  if (opts.json) {
    console.log(
      JSON.stringify({
        timeLimitS: opts.iterations !== undefined ? null : opts.timeLimit,
        iterations: opts.iterations ?? null,
        seed: opts.seed,
        instances: rows.map((r) => ({ ...r, cost: Number(r.cost.toFixed(4)), timeS: Number(r.timeS.toFixed(2)) })),
        meanGapPct: g?.mean ?? null,
        medianGapPct: g?.median ?? null,
        maxGapPct: g?.max ?? null,
        meanStartGapPct: sg?.mean ?? null,
        infeasible,
        over3Pct: over3,
      }),
    );
  } else if (g && sg) {
    log(`gap %: mean ${g.mean.toFixed(3)}, min ${g.min.toFixed(3)}, median ${g.median.toFixed(3)}, max ${g.max.toFixed(3)}`);
    log(`start gap % (baseline, same run): mean ${sg.mean.toFixed(3)}, median ${sg.median.toFixed(3)}, max ${sg.max.toFixed(3)}`);
    log(`infeasible: ${infeasible.length ? infeasible.join(', ') : 'none'}; above 3 %: ${over3.length ? over3.join(', ') : 'none'}`);
  }
  if (infeasible.length) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main(process.argv);
  } catch (e) {
    console.error(`darpBench: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
