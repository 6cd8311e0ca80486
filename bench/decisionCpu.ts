import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join, resolve } from 'node:path';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { networkBbox } from '../routing/builtin/graph/RoadNetwork';
import { policyForNetwork, type DispatchPolicy } from '../dispatcher/fleet/DispatchPolicy';
import { planRequest } from '../dispatcher/requests/planRequest';
import { Random } from '../dispatcher/optimizer/Random';
import { percentile } from './benchStats';
import { syntheticFleet, syntheticRequests } from './syntheticFleet';
import { loadMeetingPoints } from '../dispatcher/meetingPoints/loadMeetingPoints';
import type { MeetingPointPlanning } from '../dispatcher/requests/planMeetingPoints';

/**
 * `node dist/bench/decisionCpu.js [VEHICLES=2000] [REQUESTS=300] [--prof FILE.cpuprofile] [--meeting-points]`: the CPU time of one
 * decision on bench:dispatch's fleet and requests (seed 7), without its re-optimizer phase, and a hash of every
 * decision, so a change meant to be faster but not different can be checked to decide exactly the same. The requests
 * run twice; the second pass is measured (and profiled with --prof), as the service sees its stops again and again.
 * `--meeting-points`: each request is also decided at the meeting points near its ends (derived from the extract's
 * curbs, as `anystop serve` does by default; the rider stands at the snapped pickup and drop-off).
 */
const SHARED = process.env.ANYSTOP_SHARED_DIR ? resolve(process.env.ANYSTOP_SHARED_DIR) : resolve(__dirname, '..', '..', '..', 'shared');
const SEED = 7;
const NOW = 1_800_000_000;

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--prof');
  const size = Number(args[0] ?? 2000);
  const count = Number(args[1] ?? 300);
  const profFile = process.argv.includes('--prof') ? process.argv[process.argv.indexOf('--prof') + 1] : undefined;
  const osm = join(SHARED, 'data', 'osm', 'seoul-songpa.osm.pbf');
  const router = new BuiltinRouter(await prepareRouter(osm));
  const points = process.argv.includes('--meeting-points') ? await loadMeetingPoints('network', osm) : null;
  const meetingPoints: MeetingPointPlanning | undefined = points ? { points } : undefined;
  const bbox = networkBbox(router.network);
  const policy: DispatchPolicy = policyForNetwork(router);
  const rng = new Random(SEED + size);
  const rand = () => rng.next();
  const fleet = syntheticFleet(router, bbox, size, NOW, policy, rand);
  const drafts = syntheticRequests(router, bbox, count, NOW, rand).map((d) => (meetingPoints ? { ...d, origin: d.pickup, destination: d.dropoff } : d));
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((done, fail) => session.post(method, (err, result) => (err ? fail(err) : done(result))));
  const hash = createHash('sha1');
  const cpu: number[] = [];
  let accepted = 0;
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1 && profFile) {
      await post('Profiler.enable');
      await post('Profiler.start');
    }
    for (const draft of drafts) {
      const before = process.cpuUsage();
      const d = await planRequest(router, fleet, draft, NOW, policy, undefined, meetingPoints);
      const used = process.cpuUsage(before);
      if (pass === 0) continue;
      cpu.push((used.user + used.system) / 1000);
      hash.update(JSON.stringify(d));
      if (d.ok) accepted++;
    }
  }
  if (profFile) writeFileSync(profFile, JSON.stringify(((await post('Profiler.stop')) as { profile: unknown }).profile));
  const mean = cpu.reduce((s, x) => s + x, 0) / cpu.length;
  process.stdout.write(
    `${size} vehicles, ${count} requests${meetingPoints ? ` with meeting points (${meetingPoints.points.size})` : ''}: accepted ${accepted}; CPU ms per decision median ${percentile(cpu, 0.5).toFixed(2)}, p99 ${percentile(cpu, 0.99).toFixed(2)}, mean ${mean.toFixed(2)}; decisions sha1 ${hash.digest('hex')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`decisionCpu failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
