import { loadavg } from 'node:os';
import { Random } from '../dispatcher/optimizer/Random';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { pointAlong } from '../routing/builtin/graph/chainGeometry';
import { loadPrepared } from '../routing/builtin/storage';
import type { LngLat } from '../routing/Router';
import { fmt, summarize } from './benchStats';

/**
 * `npm run bench:decision-table -- --dir /tmp/city/router-250k [--stops 100] [--fleet 4000] [--decisions 400] [--seed 42]`
 * (a folder from `routing prepare` or `bench:city`):
 * the decision's table from its two new stops to its candidates' stops (planRequest's `from` table), as the service
 * asks it: the fleet's stops searched before (kept), the two new points new each time. Shipped (their spaces met
 * directly) against the same router filling buckets (`tableDirectUpToSeeds: 0`, what a bucket many-to-many does),
 * alternating decision by decision in one process; both answers checked equal. Wall time per table, min/median/max.
 */
function arg(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

async function main(): Promise<void> {
  const dir = arg('--dir', '/tmp/city/router-250k');
  const stops = Number(arg('--stops', '100'));
  const fleetStops = Number(arg('--fleet', '4000'));
  const decisions = Number(arg('--decisions', '400'));
  const rng = new Random(Number(arg('--seed', '42')));
  const prepared = loadPrepared(dir);
  const net = prepared.network;
  const onRoad = (): LngLat => {
    const c = rng.int(0, net.chainCount - 1);
    return pointAlong(net, c, rng.next() * net.chainLengthM[c]);
  };
  const fleet = Array.from({ length: fleetStops }, onRoad);
  const routers = [new BuiltinRouter(prepared, { tableThreads: 0 }), new BuiltinRouter(prepared, { tableThreads: 0, tableDirectUpToSeeds: 0 })];
  // The fleet's stops searched once, as a running service has (both routers).
  for (const r of routers) for (let i = 0; i < fleet.length; i += 100) r.tableSync(fleet.slice(i, i + 100), fleet.slice(i, i + 100));
  const ms: number[][] = [[], []];
  let differ = 0;
  for (let d = 0; d < decisions + 20; d++) {
    const ends = [onRoad(), onRoad()];
    const start = rng.int(0, fleet.length - stops);
    const targets = fleet.slice(start, start + stops);
    const answers = [];
    for (const k of d % 2 === 0 ? [0, 1] : [1, 0]) {
      const t = process.hrtime.bigint();
      answers[k] = routers[k].tableSync(ends, targets);
      if (d >= 20) ms[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) differ++;
  }
  const [shipped, buckets] = ms.map(summarize);
  process.stdout.write(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`2×${stops} tables (new ends to kept stops), ${decisions} each, seed ${arg('--seed', '42')}: answers differing ${differ}\n`);
  process.stdout.write(`  spaces met directly (shipped): ${fmt(shipped.minMs)} / ${fmt(shipped.medianMs)} / ${fmt(shipped.maxMs)} ms\n`);
  process.stdout.write(`  buckets (baseline):            ${fmt(buckets.minMs)} / ${fmt(buckets.medianMs)} / ${fmt(buckets.maxMs)} ms\n`);
  process.stdout.write(`  median ratio buckets / shipped: ${(buckets.medianMs / shipped.medianMs).toFixed(2)}×\n`);
  for (const r of routers) await r.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`decisionTableBench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
