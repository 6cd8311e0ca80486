import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { networkBbox } from '../routing/builtin/graph/RoadNetwork';
import { distanceM } from '../routing/geo';
import type { LngLat } from '../routing/Router';
import { policyForNetwork } from '../dispatcher/fleet/DispatchPolicy';
import { followFirstLeg, refreshLegsIfRoutable } from '../dispatcher/fleet/scheduleLegs';
import { Random } from '../dispatcher/optimizer/Random';
import { distanceToRoadM } from '../dispatcher/service/roadNetworkChecks';
import { ROAD_RECHECK_WITHIN_M } from '../dispatcher/service/ShiftsAndPositions';
import { randomRoadPoint, syntheticFleet } from './syntheticFleet';
import { ManualClock } from '../dispatcher/clock/Clock';
import { MetricsRepository } from '../dispatcher/persistence/MetricsRepository';
import { Dispatcher } from '../dispatcher/service/Dispatcher';
import { createTestDatabase } from '../test-support/db';

/**
 * `node dist/bench/fixCpu.js [VEHICLES=2000] [ROUNDS=20] [--parts] [--every-fix] [--service] [--prof FILE.cpuprofile]`: the CPU time of the router and
 * fleet work of one GPS fix (ShiftsAndPositions.reportPosition without its database, ETA and realtime parts): the
 * road-distance recheck when due, the move in the fleet's R-tree, and the first leg's 1×1 table. bench:dispatch's
 * fleet (seed 7) on Seoul Songpa; every vehicle moves as the load harness's drivers do (a random step of up to
 * ±0.0001° a second on each axis) and reports once a round. Round 0 (every search space cold) is reported apart;
 * the sum of the legs after the last round is printed so two builds can be checked to measure the same legs.
 * `--every-fix`: the first leg measured on every fix (the baseline) instead of only when the fix left where it was
 * measured (followFirstLeg).
 *
 * `--service`: the whole of Dispatcher.reportPosition instead (position written in batches to a scratch database on
 * the test PostgreSQL, live ETAs, the late-vehicle check, the position event), for VEHICLES idle vehicles put on
 * shift at random road points; the CPU of the batched writes is counted up to a flush after the last round.
 */
const SHARED = process.env.ANYSTOP_SHARED_DIR ? resolve(process.env.ANYSTOP_SHARED_DIR) : resolve(__dirname, '..', '..', '..', 'shared');
const SEED = 7;
const NOW = 1_800_000_000;

const cpuUs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};

/** A CPU profile of this process from `start()` to `stop()`, written to `file` (nothing without one). */
function profiler(file: string | undefined) {
  let session: Session | undefined;
  return {
    start() {
      if (!file || session) return;
      session = new Session();
      session.connect();
      session.post('Profiler.enable');
      session.post('Profiler.start');
    },
    async stop() {
      const s = session;
      if (!s || !file) return;
      const profile = await new Promise<unknown>((done, fail) => s.post('Profiler.stop', (err, r) => (err ? fail(err) : done(r.profile))));
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/** Every vehicle reports once a round through the service; returns CPU µs a fix over rounds 1… and round 0's. */
async function serviceFixes(router: BuiltinRouter, size: number, rounds: number, prof: ReturnType<typeof profiler>): Promise<void> {
  const testDb = await createTestDatabase();
  try {
    const bbox = networkBbox(router.network);
    const clock = new ManualClock(NOW);
    const dispatcher = await Dispatcher.start({ repos: testDb.db.repos, router, clock, referenceLat: (bbox[1] + bbox[3]) / 2, metrics: new MetricsRepository(testDb.db.pool) });
    const rng = new Random(SEED + size);
    const at = new Map<string, LngLat>();
    for (let v = 0; v < size; v++) {
      const id = `v${v}`;
      const depot = randomRoadPoint(router, bbox, () => rng.next());
      await dispatcher.upsertVehicle({ id, seats: 6, wheelchairPlaces: 1, depot: [depot[0], depot[1]] });
      await dispatcher.startShift(id, { endsAt: NOW + 8 * 3600 });
      at.set(id, depot);
    }
    const walk = new Random(SEED);
    let cold = 0;
    let warm = 0;
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      clock.advance(1);
      if (round === 1) prof.start();
      const start = process.cpuUsage();
      for (const [id, p] of at) {
        const step = (x: number) => Math.round((x + (walk.next() - 0.5) * 0.0002) * 1e6) / 1e6;
        const fix: [number, number] = [step(p[0]), step(p[1])];
        try {
          await dispatcher.reportPosition(id, { location: fix, speedMps: 8 });
          at.set(id, fix);
        } catch {
          refused++;
        }
      }
      if (round === rounds - 1) await dispatcher.positions.flush();
      if (round === 0) cold = cpuUs(start);
      else warm += cpuUs(start);
    }
    await prof.stop();
    process.stdout.write(
      `service: ${size} vehicles × ${rounds} rounds: CPU µs a fix ${(warm / (size * (rounds - 1))).toFixed(1)} over rounds 1–${rounds - 1}, round 0 ${(cold / size).toFixed(1)}; ${refused} fixes refused\n`,
    );
  } finally {
    await testDb.drop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--prof');
  const size = Number(args[0] ?? 2000);
  const rounds = Math.max(2, Number(args[1] ?? 20));
  const profFile = process.argv.includes('--prof') ? process.argv[process.argv.indexOf('--prof') + 1] : undefined;
  // Timing each part costs three more cpuUsage calls a fix (a few µs each): only when asked.
  const parted = process.argv.includes('--parts');
  // The baseline: the first leg measured on every fix, as before followFirstLeg kept a leg measured close by.
  const everyFix = process.argv.includes('--every-fix');
  const router = new BuiltinRouter(await prepareRouter(join(SHARED, 'data', 'osm', 'seoul-songpa.osm.pbf')));
  const prof = profiler(profFile);
  if (process.argv.includes('--service')) return serviceFixes(router, size, rounds, prof);
  const bbox = networkBbox(router.network);
  const policy = policyForNetwork(router);
  const rng = new Random(SEED + size);
  const fleet = syntheticFleet(router, bbox, size, NOW, policy, () => rng.next());
  const vehicles = [...fleet.vehicles.values()];
  const walk = new Random(SEED);
  const roadWithin = new Map<string, { at: LngLat; m: number }>();
  const parts = { recheck: 0, move: 0, leg: 0 };
  let cold = 0;
  let warm = 0;
  let rechecks = 0;
  for (let round = 0; round < rounds; round++) {
    if (round === 1) prof.start();
    const roundStart = process.cpuUsage();
    for (const v of vehicles) {
      const step = (x: number) => Math.round((x + (walk.next() - 0.5) * 0.0002) * 1e6) / 1e6;
      const fix: LngLat = [step(v.position[0]), step(v.position[1])];
      const t0 = parted ? process.cpuUsage() : undefined;
      // As reportPosition: the road distance is asked again only once the moves since the last answer could add up.
      const last = roadWithin.get(v.id);
      const bound = last ? last.m + distanceM(last.at, fix) : Infinity;
      let road: number | 'off' | null = bound;
      if (bound > ROAD_RECHECK_WITHIN_M) {
        road = await distanceToRoadM(router, fix);
        rechecks++;
        if (typeof road === 'number') roadWithin.set(v.id, { at: fix, m: road });
      }
      const t1 = parted ? process.cpuUsage() : undefined;
      fleet.moveVehicle(v.id, fix, NOW + round, road === 'off', typeof road === 'number' ? road : undefined);
      const t2 = parted ? process.cpuUsage() : undefined;
      if (road !== 'off') await (everyFix ? refreshLegsIfRoutable(router, v, true) : followFirstLeg(router, v, NOW + round));
      if (t0 && t1 && t2 && round > 0) {
        const [a, b, c] = [cpuUs(t0), cpuUs(t1), cpuUs(t2)];
        parts.leg += c;
        parts.move += b - c;
        parts.recheck += a - b;
      }
    }
    if (round === 0) cold = cpuUs(roundStart);
    else warm += cpuUs(roundStart);
  }
  await prof.stop();
  const fixes = vehicles.length * (rounds - 1);
  const legSum = vehicles.reduce((s, v) => s + (v.stops[0]?.legS ?? v.returnLegS ?? 0), 0);
  const us = (x: number) => (x / fixes).toFixed(1);
  process.stdout.write(
    `${vehicles.length} vehicles × ${rounds} rounds: CPU µs a fix ${(warm / fixes).toFixed(1)} over rounds 1–${rounds - 1} ` +
      (parted ? `(road recheck ${us(parts.recheck)}, R-tree move ${us(parts.move)}, first-leg table ${us(parts.leg)}; the total includes the parts' own cpuUsage calls), ` : '') +
      `round 0 (cold) ${(cold / vehicles.length).toFixed(1)}; road rechecks ${rechecks}; sum of first legs ${legSum.toFixed(6)} s\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`fixCpu failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
