import { resolve, join } from 'node:path';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { networkBbox } from '../routing/builtin/graph/RoadNetwork';
import { policyForNetwork, type DispatchPolicy } from '../dispatcher/fleet/DispatchPolicy';
import { planRequest } from '../dispatcher/requests/planRequest';
import type { RequestDraft } from '../dispatcher/requests/decideRequest';
import type { FleetState } from '../dispatcher/fleet/FleetState';
import { percentile, summarize, type Timing } from './benchStats';
import { Random } from '../dispatcher/optimizer/Random';
import { syntheticFleet, syntheticRequests } from './syntheticFleet';
import { LinearNearest } from './linearNearest';
import { type RevisitFigures, revisitUnderLoad } from './revisitUnderLoad';

/**
 * `npm run bench:dispatch [-- --json] [-- --sizes 500,2000]`: the time to decide one request (snap, K nearest
 * candidates, two batched table calls, insertion) against 500, 2,000 and 5,000 vehicles with 2–4 riders each, on
 * the built-in router over Seoul Songpa. The candidate radius is the time left to the latest pickup times the
 * network's top speed. Baseline in the same run: the same K nearest vehicles picked by a linear scan of every
 * vehicle's box, then the same pipeline. Then the re-optimizer runs (worker thread) until every plan was
 * revisited, while requests arrive at REVISIT_RATE per second: revisit time and request latency meanwhile.
 */
const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const SIZES = [500, 2000, 5000];
const REQUESTS = 300;
const SEED = 7;
const NOW = 1_800_000_000;
const REVISIT_RATE = 10;
const REVISIT_CAP_S = 90;

interface SizeFigures {
  vehicles: number;
  radiusM: number;
  /** Vehicles whose box lies within the radius of a pickup (median over requests): what a radius alone would keep. */
  withinRadiusMedian: number;
  indexed: Timing & { p99Ms: number };
  baseline: Timing & { p99Ms: number };
  speedupMedian: number;
  accepted: number;
  acceptanceRate: number;
  /** Requests where the baseline picked the same K nearest (equal box distances). */
  sameNearest: number;
  /** CPU time of one R-tree decision (the process's user + system time; robust to a shared machine). */
  cpuMedianMs: number;
  cpuP99Ms: number;
  revisit: RevisitFigures;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const sizesArg = process.argv.indexOf('--sizes');
  const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : SIZES;
  const say = (m: string) => !json && process.stderr.write(`${m}\n`);
  const router = new BuiltinRouter(await prepareRouter(join(SHARED, 'data', 'osm', 'seoul-songpa.osm.pbf')));
  const bbox = networkBbox(router.network);
  const policy: DispatchPolicy = policyForNetwork(router);
  const radiusM = policy.maxWaitS * policy.candidateSpeedMps;
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    const rng = new Random(SEED + size);
    const rand = () => rng.next();
    say(`building ${size} vehicles...`);
    const fleet = syntheticFleet(router, bbox, size, NOW, policy, rand);
    const drafts = syntheticRequests(router, bbox, REQUESTS, NOW, rand);
    const linear = new LinearNearest([...fleet.vehicles.values()], (bbox[1] + bbox[3]) / 2);
    const decide = async (draft: RequestDraft, scan: boolean) => {
      const t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const candidates = scan ? linear.near(draft.pickup, radiusM, policy.maxCandidates).map((id) => fleet.vehicles.get(id)!) : undefined;
      const d = await planRequest(router, fleet, draft, NOW, policy, candidates);
      const used = process.cpuUsage(cpu);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (used.user + used.system) / 1000, ok: d.ok };
    };
    // The same K nearest: equal distances to the boxes (vehicles at equal distance may come in another order).
    const gaps = (ids: string[], draft: RequestDraft) => ids.map((id) => linear.gapM(id, draft.pickup).toFixed(3)).sort().join();
    const sameNearest = (draft: RequestDraft) =>
      gaps(fleet.candidates(draft.pickup, radiusM, policy.maxCandidates).map((v) => v.id), draft) === gaps(linear.near(draft.pickup, radiusM, policy.maxCandidates), draft);
    for (let k = 0; k < 10; k++) {
      await decide(drafts[k], false); // warm-up
      await decide(drafts[k], true);
    }
    const indexed: number[] = [];
    const scanned: number[] = [];
    const cpu: number[] = [];
    let accepted = 0;
    let same = 0;
    for (const draft of drafts) {
      // Alternate, so both see the same machine load.
      const a = await decide(draft, false);
      const b = await decide(draft, true);
      indexed.push(a.ms);
      scanned.push(b.ms);
      cpu.push(a.cpuMs);
      if (a.ok) accepted++;
      if (sameNearest(draft)) same++;
    }
    const within = drafts.map((d) => linear.near(d.pickup, radiusM, Infinity).length);
    say(`re-optimizing ${size} vehicles while requests arrive at ${REVISIT_RATE}/s...`);
    const revisit = await revisitUnderLoad(router, fleet as FleetState, policy, drafts, NOW, { rate: REVISIT_RATE, capS: REVISIT_CAP_S });
    figures.push({
      vehicles: size,
      radiusM,
      withinRadiusMedian: percentile(within, 0.5),
      indexed: { ...summarize(indexed), p99Ms: percentile(indexed, 0.99) },
      baseline: { ...summarize(scanned), p99Ms: percentile(scanned, 0.99) },
      speedupMedian: summarize(scanned).medianMs / summarize(indexed).medianMs,
      accepted,
      acceptanceRate: accepted / REQUESTS,
      sameNearest: same,
      cpuMedianMs: percentile(cpu, 0.5),
      cpuP99Ms: percentile(cpu, 0.99),
      revisit,
    });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ bench: 'dispatch', seed: SEED, requests: REQUESTS, city: 'seoul-songpa', candidateSpeedMps: policy.candidateSpeedMps, sizes: figures })}\n`);
    return;
  }
  const f2 = (x: number) => x.toFixed(2).padStart(7);
  process.stdout.write(`candidate radius ${(radiusM / 1000).toFixed(1)} km (max wait ${policy.maxWaitS / 60} min × network top speed ${(policy.candidateSpeedMps * 3.6).toFixed(0)} km/h), K = ${policy.maxCandidates}\n\n`);
  process.stdout.write('vehicles  in radius  R-tree K-nearest ms: min  median     p99     max | linear-scan K-nearest ms: min  median     p99     max | speed-up  accepted  same K nearest  CPU ms median  p99\n');
  for (const f of figures) {
    const i = f.indexed;
    const b = f.baseline;
    process.stdout.write(
      `${String(f.vehicles).padStart(8)}  ${String(f.withinRadiusMedian).padStart(9)}  ${' '.repeat(16)}${f2(i.minMs)} ${f2(i.medianMs)} ${f2(i.p99Ms)} ${f2(i.maxMs)} | ${' '.repeat(21)}${f2(b.minMs)} ${f2(b.medianMs)} ${f2(b.p99Ms)} ${f2(b.maxMs)} | ${f.speedupMedian.toFixed(2).padStart(7)}×  ${(100 * f.acceptanceRate).toFixed(0).padStart(7)}%  ${`${f.sameNearest}/${REQUESTS}`.padStart(13)}  ${f2(f.cpuMedianMs).padStart(13)} ${f2(f.cpuP99Ms)}\n`,
    );
  }
  process.stdout.write(`\nre-optimizer (worker thread) revisiting every plan while requests arrive at ${REVISIT_RATE}/s:\n`);
  process.stdout.write('vehicles  revisit s  rounds  improved  requests  latency p50 ms  p99 ms  max ms\n');
  for (const { revisit: r } of figures) {
    process.stdout.write(
      `${String(r.vehicles).padStart(8)}  ${`${r.complete ? '' : '>'}${r.revisitS.toFixed(1)}`.padStart(9)}  ${String(r.rounds).padStart(6)}  ${String(r.improved).padStart(8)}  ${String(r.requests).padStart(8)}  ${f2(r.latencyP50Ms).padStart(14)} ${f2(r.latencyP99Ms)} ${f2(r.latencyMaxMs)}\n`,
    );
  }
  process.stdout.write('\nGoals: dispatch p99 under 20 ms at 2,000 vehicles; every plan revisited within 60 s at 2,000 vehicles.\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:dispatch failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
