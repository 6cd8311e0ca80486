import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FleetState } from '../dispatcher/fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../dispatcher/fleet/FleetModel';
import type { RequestDraft } from '../dispatcher/requests/decideRequest';
import { STOP_APPROACH } from '../dispatcher/fleet/stopApproaches';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { policyForNetwork, type DispatchPolicy } from '../dispatcher/fleet/DispatchPolicy';
import { planRequest } from '../dispatcher/requests/planRequest';
import { Random } from '../dispatcher/optimizer/Random';
import { percentile, summarize } from './benchStats';
import { cityRouter, citySource } from './cityRouter';
import { revisitUnderLoad, type RevisitFigures } from './revisitUnderLoad';
import { syntheticFleet, syntheticRequests } from './syntheticFleet';

/**
 * `npm run bench:city -- --city 250000 --vehicles 10000 --router-dir /tmp/city/router-250k [--requests 300]
 * [--rates 10,50] [--cap-s 90] [--trip-reach-km 5] [--json]`: dispatch at city scale (issue 12 §3). The synthetic city of --city road nodes
 * (bench/syntheticCity.ts, seed 42), its router loaded from --router-dir (the `routing prepare` storage format that
 * `anystop serve --router-data` reads; prepared and saved there first when the folder is empty), --vehicles vehicles
 * with 2–4 pooled riders each (bench/syntheticFleet.ts). Then, as bench:dispatch does per size: --requests decisions
 * one after another (wall and CPU time, accepted share), and the re-optimizer (worker thread, default limits) until
 * every plan was revisited while requests arrive at each of --rates per second, with the event loop's delay meanwhile.
 * --trip-reach-km R: local trips (each pickup within R km of its vehicle, each dropoff within R km of its pickup, per
 * axis; requests' pickups anywhere); without it every end is drawn anywhere in the city, as bench:dispatch does.
 * Every figure comes with the load average at its start and the process's CPU time (all threads).
 * The fleet and requests are kept in --router-dir once built (a JSON file named after the sizes and seed) and read
 * back by later runs. --warm: before the decisions, each vehicle's points are tabled once as a decision asks for them,
 * as the router holds them in service (see warmRouter); without it the router has never seen the fleet's points.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const NOW = 1_800_000_000;
const SEED = 7;

interface Phase {
  /** 1-minute load average of the machine when the phase started, and when it ended. */
  loadAvg: [number, number];
  wallS: number;
  /** User + system CPU seconds of this process (every thread) over the phase. */
  cpuS: number;
}

async function phase<T>(fn: () => Promise<T> | T): Promise<T & { phase: Phase }> {
  const { loadavg } = await import('node:os');
  const before = loadavg()[0];
  const t = performance.now();
  const c = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(c);
  return { ...out, phase: { loadAvg: [before, loadavg()[0]], wallS: (performance.now() - t) / 1000, cpuS: (used.user + used.system) / 1e6 } };
}

async function main(): Promise<void> {
  const json = args.includes('--json');
  const warm = args.includes('--warm');
  const nodes = Number(opt('city', '250000'));
  const vehicles = Number(opt('vehicles', '10000'));
  const requests = Number(opt('requests', '300'));
  const rates = opt('rates', '10').split(',').map(Number);
  const capS = Number(opt('cap-s', '90'));
  const reachKm = args.includes('--trip-reach-km') ? Number(opt('trip-reach-km', '')) : null;
  const reachM = reachKm === null ? Infinity : reachKm * 1000;
  const dir = resolve(opt('router-dir', `/tmp/anystop-${citySource(nodes)}`));
  const say = (m: string) => process.stderr.write(`${m}\n`);

  const loaded = await phase(() => ({ prepared: cityRouter(nodes, dir, say) }));
  const router = new BuiltinRouter(loaded.prepared);
  const bbox = loaded.prepared.meta.bbox;
  say(`router ${citySource(nodes)}: ${loaded.prepared.meta.nodeCount} road nodes, ${loaded.prepared.meta.ebNodeCount} edge-based; ${loaded.prepared.prepared ? 'prepared' : 'loaded'} in ${loaded.phase.wallS.toFixed(1)} s`);
  const policy: DispatchPolicy = policyForNetwork(router);
  const radiusM = policy.maxWaitS * policy.candidateSpeedMps;
  const rng = new Random(SEED + vehicles);
  const rand = () => rng.next();

  // The fleet and requests depend only on the city, the sizes and the seed: kept in the router folder once built.
  const fleetFile = join(dir, `fleet-${vehicles}v-${requests}r-${reachKm ?? 'anywhere'}-seed${SEED}.json`);
  const reused = existsSync(fleetFile);
  say(reused ? `reading the fleet from ${fleetFile}…` : `building ${vehicles} vehicles with 2–4 pooled riders each…`);
  const built = await phase(() => {
    if (reused) return readFleet(fleetFile, (bbox[1] + bbox[3]) / 2);
    const out = { fleet: syntheticFleet(router, bbox, vehicles, NOW, policy, rand, reachM), drafts: syntheticRequests(router, bbox, requests, NOW, rand, reachM) };
    writeFleet(fleetFile, out.fleet, out.drafts);
    return out;
  });
  const { fleet, drafts } = built;
  const riders = [...fleet.trips.values()].length;
  say(`fleet ${reused ? 'read' : 'built'} in ${built.phase.wallS.toFixed(0)} s (${built.phase.cpuS.toFixed(0)} s CPU): ${riders} riders`);

  // --warm: the router's state in service, where every stop was tabled when it was booked (a decision tables its new
  // pickup and drop-off both ways), every depot in earlier decisions and every position at its last fix (the leg
  // refresh): each vehicle's points tabled once as a decision asks for them, outside any timing.
  const warmed = warm ? await phase(() => ({ spaces: warmRouter(router, fleet) })) : null;
  if (warmed) say(`router warmed: ${warmed.spaces} points tabled in ${warmed.phase.cpuS.toFixed(0)} s CPU`);

  for (let k = 0; k < Math.min(10, drafts.length); k++) await planRequest(router, fleet, drafts[k], NOW, policy); // warm-up
  const decided = await phase(async () => {
    const ms: number[] = [];
    const cpuMs: number[] = [];
    const candidates: number[] = [];
    const reasons: Record<string, number> = {};
    let accepted = 0;
    for (const draft of drafts) {
      candidates.push(fleet.candidates(draft.pickup, radiusM, policy.maxCandidates).length);
      const t = performance.now();
      const c = process.cpuUsage();
      const d = await planRequest(router, fleet, draft, NOW, policy);
      const used = process.cpuUsage(c);
      ms.push(performance.now() - t);
      cpuMs.push((used.user + used.system) / 1000);
      if (d.ok) accepted++;
      else reasons[d.reason] = (reasons[d.reason] ?? 0) + 1;
    }
    return { ms, cpuMs, candidates, reasons, accepted };
  });
  const decisions = {
    requests,
    ...summarize(decided.ms),
    p99Ms: percentile(decided.ms, 0.99),
    cpuMedianMs: percentile(decided.cpuMs, 0.5),
    cpuP99Ms: percentile(decided.cpuMs, 0.99),
    candidatesMedian: percentile(decided.candidates, 0.5),
    accepted: decided.accepted,
    acceptedShare: decided.accepted / requests,
    rejectReasons: decided.reasons,
    phase: decided.phase,
  };
  say(`decisions: p50 ${decisions.medianMs.toFixed(1)} ms, p99 ${decisions.p99Ms.toFixed(1)} ms, CPU p99 ${decisions.cpuP99Ms.toFixed(1)} ms, accepted ${(100 * decisions.acceptedShare).toFixed(0)} %`);

  const revisits: Array<RevisitFigures & { rate: number; acceptedShare: number; loopDelayP99Ms: number; loopDelayMaxMs: number; phase: Phase }> = [];
  for (const rate of rates) {
    say(`re-optimizing ${vehicles} vehicles while requests arrive at ${rate}/s (cap ${capS} s)…`);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const r = await phase(() => revisitUnderLoad(router, fleet, policy, drafts, NOW, { rate, capS }));
    lag.disable();
    revisits.push({ ...r, rate, acceptedShare: r.requests ? r.accepted / r.requests : NaN, loopDelayP99Ms: lag.percentile(99) / 1e6, loopDelayMaxMs: lag.max / 1e6 });
    say(`  ${r.complete ? '' : 'not all: '}${r.revisitS.toFixed(1)} s, ${r.rounds} rounds, request p99 ${r.latencyP99Ms.toFixed(0)} ms`);
  }

  const out = {
    bench: 'city',
    city: citySource(nodes),
    roadNodes: loaded.prepared.meta.nodeCount,
    edgeBasedNodes: loaded.prepared.meta.ebNodeCount,
    vehicles,
    riders,
    tripReachKm: reachKm,
    seed: SEED,
    radiusM,
    load: loaded.phase,
    fleetBuild: { ...built.phase, reused },
    warm: warmed ? { points: warmed.spaces, ...warmed.phase } : null,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    decisions,
    revisits,
    goals: { decisionP99Ms: 20, revisitS: 60 },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const f = (x: number) => x.toFixed(1);
  const la = (p: Phase) => `load avg ${p.loadAvg[0].toFixed(1)}→${p.loadAvg[1].toFixed(1)}, ${f(p.cpuS)} s CPU over ${f(p.wallS)} s`;
  process.stdout.write(`${out.city}: ${out.roadNodes} road nodes (${out.edgeBasedNodes} edge-based), ${vehicles} vehicles, ${riders} riders on board or waiting, trips ${reachKm === null ? 'anywhere in the city' : `within ${reachKm} km`}\n`);
  process.stdout.write(`router ${loaded.prepared.prepared ? 'prepared' : 'loaded'} from ${dir}: ${la(loaded.phase)}; fleet built: ${la(built.phase)}\n`);
  process.stdout.write(
    `decisions (${requests}, one at a time, candidate radius ${f(radiusM / 1000)} km, K = ${policy.maxCandidates}, median ${decisions.candidatesMedian} candidates): ` +
      `min ${f(decisions.minMs)} / median ${f(decisions.medianMs)} / p99 ${f(decisions.p99Ms)} / max ${f(decisions.maxMs)} ms; CPU median ${f(decisions.cpuMedianMs)} / p99 ${f(decisions.cpuP99Ms)} ms; ` +
      `accepted ${(100 * decisions.acceptedShare).toFixed(1)} % ${JSON.stringify(decisions.rejectReasons)}; ${la(decisions.phase)}\n`,
  );
  for (const r of revisits) {
    process.stdout.write(
      `re-optimizer at ${r.rate} requests/s: every plan revisited ${r.complete ? 'in' : 'NOT within'} ${f(r.revisitS)} s (${r.complete ? '' : `${r.remaining} of ${r.vehicles} never visited; `}${r.rounds} rounds, ${r.improved} improved); ` +
        `${r.requests} requests p50 ${f(r.latencyP50Ms)} / p99 ${f(r.latencyP99Ms)} / max ${f(r.latencyMaxMs)} ms, accepted ${(100 * r.acceptedShare).toFixed(1)} %; ` +
        `event-loop delay p99 ${f(r.loopDelayP99Ms)} / max ${f(r.loopDelayMaxMs)} ms; ${la(r.phase)}\n`,
    );
  }
  process.stdout.write(`goals: decision p99 < ${out.goals.decisionP99Ms} ms; every plan revisited within ${out.goals.revisitS} s\n`);
}

function writeFleet(file: string, fleet: FleetState, drafts: readonly RequestDraft[]): void {
  writeFileSync(file, JSON.stringify({ vehicles: [...fleet.vehicles.values()], trips: [...fleet.trips.values()], drafts }));
}

function readFleet(file: string, referenceLat: number): { fleet: FleetState; drafts: RequestDraft[] } {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { vehicles: FleetVehicle[]; trips: FleetTrip[]; drafts: RequestDraft[] };
  const fleet = new FleetState(referenceLat);
  for (const t of saved.trips) fleet.putTrip(t);
  for (const v of saved.vehicles) fleet.putVehicle(v);
  return { fleet, drafts: saved.drafts };
}

/** Each vehicle's points tabled as a decision asks for them (positions and stops to a point, stops and depots from one). */
function warmRouter(router: BuiltinRouter, fleet: FleetState): number {
  let points = 0;
  const any = fleet.vehicles.values().next().value!.position;
  for (const v of fleet.vehicles.values()) {
    const stops = v.stops.map((s) => s.location);
    const curb = stops.map(() => STOP_APPROACH);
    router.tableSync([v.position, ...stops], [any], { sourceApproaches: [null, ...curb], destinationApproaches: [null] });
    router.tableSync([any], [...stops, v.depot], { sourceApproaches: [null], destinationApproaches: [...curb, null] });
    points += stops.length + 2;
  }
  return points;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:city failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
