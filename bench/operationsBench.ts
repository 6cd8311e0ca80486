import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { DEFAULT_DRIVER } from '../simulator/Simulation';
import { generateDemand } from '../simulator/demand/generateDemand';
import { runScenario } from '../simulator/whatif/runScenario';
import { depotsFor } from '../simulator/whatif/runWhatIf';
import { DEFAULT_WORLD, describeWorld, type WorldConfig } from '../simulator/world/WorldConfig';
import type { EventKpis } from '../simulator/kpi/kpisFromEvents';

/**
 * `npm run bench:operations`: promise-keeping in a real world. A seeded 60-minute simulation on each shared extract
 * with `--traffic city --noise 0.2 --no-show-rate 0.05` (and the other world defaults: incidents, late riders,
 * missed turns, GPS noise), at a load that fills the fleet, the re-optimizer on. Per extract and seed, three runs on
 * the same demand, depots and world: learned speed factors on, off, and (factors on) reactToRisk off, whose late
 * share is the would-have-been-late share. Figures are min/median/max over the seeds.
 * Flags: --seeds 1,2,3  --extracts seoul-songpa,monaco  --variants learned,unlearned,noReaction  --json
 * --events-dir <dir> (each run's event log as <extract>-<seed>-<variant>.json, for a closer look).
 */

/** The shared data (OSM extracts): `../shared` beside the repository, or ANYSTOP_SHARED_DIR (as the tests read it). */
const SHARED = process.env.ANYSTOP_SHARED_DIR ? resolve(process.env.ANYSTOP_SHARED_DIR) : resolve(__dirname, '..', '..', '..', 'shared');
/** Per extract: the fleet and the demand that keep it busy (most vehicles never idle during the hour). */
const EXTRACTS: Record<string, { fleet: number; peakTripsPerHour: number }> = {
  'seoul-songpa': { fleet: 8, peakTripsPerHour: 120 },
  // The Monaco extract reaches well into France: trips are long (about 9 km), so more vehicles for fewer requests.
  monaco: { fleet: 10, peakTripsPerHour: 60 },
};
const START_OF_DAY_S = 8 * 3600;
const DURATION_S = 3600;

interface RunFigures {
  servedShare: number;
  onTimePickupShare: number | null;
  onTimeArrivalShare: number | null;
  promisesMoved: number;
  brokenPromises: number;
  brokenPromisesByCause: EventKpis['brokenPromisesByCause'];
  etaErrorP90S: number | null;
  etaErrorP90S5Min: number | null;
  lateShare: number | null;
  idleShare: number;
}

type Variant = 'learned' | 'unlearned' | 'noReaction';
const VARIANTS: Record<Variant, { learnSpeedFactors: boolean; reactToRisk: boolean }> = {
  learned: { learnSpeedFactors: true, reactToRisk: true },
  unlearned: { learnSpeedFactors: false, reactToRisk: true },
  noReaction: { learnSpeedFactors: true, reactToRisk: false },
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function stats(values: Array<number | null>): { min: number; median: number; max: number } | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return { min: v[0], median: v[Math.floor((v.length - 1) / 2)], max: v[v.length - 1] };
}

async function main(): Promise<void> {
  const seeds = (arg('--seeds') ?? '1,2,3').split(',').map(Number);
  const extracts = (arg('--extracts') ?? Object.keys(EXTRACTS).join(',')).split(',');
  const json = process.argv.includes('--json');
  const eventsDir = arg('--events-dir');
  const variants = (arg('--variants') ?? Object.keys(VARIANTS).join(',')).split(',') as Variant[];
  for (const v of variants) if (!(v in VARIANTS)) throw new Error(`unknown variant '${v}'; known: ${Object.keys(VARIANTS).join(', ')}`);
  const say = (m: string) => process.stderr.write(`${m}\n`);
  const out: Record<string, unknown> = {};
  for (const name of extracts) {
    const load = EXTRACTS[name];
    if (!load) throw new Error(`unknown extract '${name}'; known: ${Object.keys(EXTRACTS).join(', ')}`);
    const router = new BuiltinRouter(await prepareRouter(join(SHARED, 'data', 'osm', `${name}.osm.pbf`)));
    const runs: Record<Variant, RunFigures[]> = { learned: [], unlearned: [], noReaction: [] };
    let requests = 0;
    for (const seed of seeds) {
      const world: WorldConfig = { ...DEFAULT_WORLD, seed, traffic: 'city', noiseSigma: 0.2, noShowRate: 0.05 };
      const demand = generateDemand(router.network, { seed, peakTripsPerHour: load.peakTripsPerHour, durationS: DURATION_S, startOfDayS: START_OF_DAY_S });
      requests += demand.length;
      const depots = depotsFor(router, load.fleet, seed);
      for (const variant of variants) {
        const t0 = Date.now();
        const r = await runScenario({
          router,
          demand,
          fleet: load.fleet,
          capacity: 6,
          mode: 'pooled',
          seed,
          startS: Date.UTC(2026, 2, 2) / 1000 + START_OF_DAY_S,
          durationS: DURATION_S,
          speedup: Infinity,
          depots,
          serverUrl: process.env.DATABASE_URL,
          policy: VARIANTS[variant],
          driver: { ...DEFAULT_DRIVER, pingEveryS: 5 },
          world,
        });
        const k = r.fromEvents;
        if (eventsDir) writeFileSync(join(eventsDir, `${name}-${seed}-${variant}.json`), JSON.stringify(r.events));
        runs[variant].push({
          servedShare: r.metrics.requests > 0 ? r.metrics.completed / r.metrics.requests : 0,
          onTimePickupShare: k.onTimePickupShare,
          onTimeArrivalShare: k.onTimeArrivalShare,
          promisesMoved: k.promisesMoved,
          brokenPromises: k.brokenPromises,
          brokenPromisesByCause: k.brokenPromisesByCause,
          etaErrorP90S: k.etaErrorP90S,
          etaErrorP90S5Min: k.etaErrorP90S5Min,
          lateShare: k.lateShare,
          idleShare: r.idleShare,
        });
        say(`${name} seed ${seed} ${variant}: served ${r.metrics.completed}/${r.metrics.requests}, on-time pickup ${k.onTimePickupShare?.toFixed(3)}, broken ${JSON.stringify(k.brokenPromisesByCause)}, moved ${k.promisesMoved}, ETA p90 ${k.etaErrorP90S} s, idle ${r.idleShare.toFixed(2)} (${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    }
    const summary = (variant: Variant) => {
      const rs = runs[variant];
      const causes = [...new Set(rs.flatMap((r) => Object.keys(r.brokenPromisesByCause)))] as Array<keyof RunFigures['brokenPromisesByCause']>;
      return {
        servedShare: stats(rs.map((r) => r.servedShare)),
        onTimePickupShare: stats(rs.map((r) => r.onTimePickupShare)),
        onTimeArrivalShare: stats(rs.map((r) => r.onTimeArrivalShare)),
        promisesMoved: stats(rs.map((r) => r.promisesMoved)),
        brokenPromises: stats(rs.map((r) => r.brokenPromises)),
        brokenPromisesByCause: Object.fromEntries(causes.map((c) => [c, stats(rs.map((r) => r.brokenPromisesByCause[c] ?? 0))])),
        etaErrorP90S: stats(rs.map((r) => r.etaErrorP90S)),
        etaErrorP90S5Min: stats(rs.map((r) => r.etaErrorP90S5Min)),
        lateShare: stats(rs.map((r) => r.lateShare)),
        idleShare: stats(rs.map((r) => r.idleShare)),
      };
    };
    out[name] = {
      fleet: load.fleet,
      peakTripsPerHour: load.peakTripsPerHour,
      meanRequests: requests / seeds.length,
      learned: summary('learned'),
      unlearned: summary('unlearned'),
      wouldHaveBeenLateShare: stats(runs.noReaction.map((r) => r.lateShare)),
      noReaction: summary('noReaction'),
      runs,
    };
    await router.close();
  }
  const result = { world: describeWorld({ ...DEFAULT_WORLD, traffic: 'city', noiseSigma: 0.2, noShowRate: 0.05 }), seeds, extracts: out };
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
