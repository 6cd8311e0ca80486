import { resolve, join } from 'node:path';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { networkBbox } from '../routing/builtin/graph/RoadNetwork';
import { DEFAULT_POLICY } from '../dispatcher/fleet/DispatchPolicy';
import { planRequest } from '../dispatcher/requests/planRequest';
import type { RequestDraft } from '../dispatcher/requests/decideRequest';
import { percentile } from './benchStats';
import { Random } from '../dispatcher/optimizer/Random';
import { randomRoadPoint, syntheticFleet } from './syntheticFleet';

/**
 * `npm run bench:dispatch [-- --json]`: the time to decide one request (snap, candidates, two batched
 * table calls, insertion) against 500, 2,000 and 5,000 vehicles with 2–4 riders each, on the built-in
 * router over Seoul Songpa. Baseline in the same run: every vehicle is a candidate (no R-tree).
 */
const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const SIZES = [500, 2000, 5000];
const REQUESTS = 300;
const BASELINE_REQUESTS = 20;
const SEED = 7;
const NOW = 1_800_000_000;

interface SizeFigures {
  vehicles: number;
  p50Ms: number;
  p99Ms: number;
  accepted: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  speedupP50: number;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const router = new BuiltinRouter(await prepareRouter(join(SHARED, 'data', 'osm', 'seoul-songpa.osm.pbf')));
  const bbox = networkBbox(router.network);
  const figures: SizeFigures[] = [];
  for (const size of SIZES) {
    const rng = new Random(SEED + size);
    const rand = () => rng.next();
    if (!json) process.stderr.write(`building ${size} vehicles...\n`);
    const fleet = syntheticFleet(router, bbox, size, NOW, DEFAULT_POLICY, rand);
    const drafts: RequestDraft[] = Array.from({ length: REQUESTS }, (_, k) => {
      const pickup = randomRoadPoint(router, bbox, rand);
      const dropoff = randomRoadPoint(router, bbox, rand);
      return { tripId: `r${k}`, pickup, dropoff, passengers: 1, wheelchairs: 0, requestedPickupS: NOW, directS: 0, directM: 0 };
    });
    const time = async (draft: RequestDraft, all: boolean): Promise<{ ms: number; ok: boolean }> => {
      const t = process.hrtime.bigint();
      // What the service does per request: snap both ends, measure the direct trip, decide.
      const [p, d] = [router.nearestSync(draft.pickup), router.nearestSync(draft.dropoff)];
      const direct = router.tableSync([p.location], [d.location]);
      const full = { ...draft, pickup: p.location, dropoff: d.location, directS: direct.durationsS[0][0] ?? 0, directM: direct.distancesM[0][0] ?? 0 };
      const decision = await planRequest(router, fleet, full, NOW, DEFAULT_POLICY, all ? [...fleet.vehicles.values()] : undefined);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, ok: decision.ok };
    };
    for (let k = 0; k < 10; k++) await time(drafts[k], false); // warm-up
    const indexed: number[] = [];
    let accepted = 0;
    for (const draft of drafts) {
      const r = await time(draft, false);
      indexed.push(r.ms);
      if (r.ok) accepted++;
    }
    const scanned: number[] = [];
    for (const draft of drafts.slice(0, BASELINE_REQUESTS)) scanned.push((await time(draft, true)).ms);
    figures.push({
      vehicles: size,
      p50Ms: percentile(indexed, 0.5),
      p99Ms: percentile(indexed, 0.99),
      accepted,
      baselineP50Ms: percentile(scanned, 0.5),
      baselineP99Ms: percentile(scanned, 0.99),
      speedupP50: percentile(scanned, 0.5) / percentile(indexed, 0.5),
    });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ bench: 'dispatch', seed: SEED, requests: REQUESTS, city: 'seoul-songpa', sizes: figures })}\n`);
    return;
  }
  process.stdout.write('vehicles  p50 ms  p99 ms  accepted   scan-all p50 ms  scan-all p99 ms  R-tree speed-up (p50)\n');
  for (const f of figures) {
    process.stdout.write(
      `${String(f.vehicles).padStart(8)}  ${f.p50Ms.toFixed(2).padStart(6)}  ${f.p99Ms.toFixed(2).padStart(6)}  ${`${f.accepted}/${REQUESTS}`.padStart(8)}   ${f.baselineP50Ms.toFixed(1).padStart(15)}  ${f.baselineP99Ms.toFixed(1).padStart(15)}  ${f.speedupP50.toFixed(0).padStart(5)}×\n`,
    );
  }
  process.stdout.write('\nGoal: p99 under 20 ms at 2,000 vehicles.\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:dispatch failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
