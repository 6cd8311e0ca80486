import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect } from 'nats';
import { Client } from 'pg';
import { EventStream } from '../../dispatcher/cluster/EventStream';
import { AUTH_ENV, randomSecret, selfSignedAuthConfig } from '../../dispatcher/auth/AuthConfig';
import { TokenIssuer } from '../../dispatcher/auth/TokenIssuer';
import { RATE_LIMIT_ENV } from '../../dispatcher/api/rateLimits';
import { Random } from '../../dispatcher/optimizer/Random';
import { LatencyRecorder } from './LatencyRecorder';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { driversScenario, followersScenario, randomPoint, ridersScenario, saturationScenario, setupFleet, useArea } from './scenarios';
import { readPreparedMeta } from '../../routing/builtin/storage';
import { percentile } from '../../bench/benchStats';
import { TcpBalancer } from './TcpBalancer';
import { type PlannerPageFigures, PlannerPageProbe } from './PlannerPageProbe';

/**
 * `npm run load -- --scenario all|riders|drivers|followers|saturation [--vehicles 2000] [--rate 50] [--duration 60]
 * [--followers 200] [--concurrency 16] [--cpu-prof DIR] [--server-log-dir DIR] [--instances 1] [--planner-page] [--router-data DIR] [--drivers N] [--planner-profile FILE] [--planner-screenshot FILE.png] [--url http://host:port] [--json]`: the k6 scenarios in load-tests/k6, run from Node (k6
 * cannot be installed on these machines). Without --url it starts `anystop serve` on a scratch database of
 * the PostgreSQL at PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) and drops it after.
 *
 * Tokens: riders, drivers and the operator that sets up the fleet sign their own with the dispatcher's HS256
 * secret: a random one given to the server it starts, or ANYSTOP_JWT_SECRET for a server at --url.
 * Rate limits: the server it starts exempts loopback (ANYSTOP_RATE_LIMIT_EXEMPT=loopback), since every simulated
 * rider and the fleet set-up (thousands of requests as fast as they go) come from 127.0.0.1; the per-address and
 * per-rider limits are for real clients, not for one load generator standing in for all of them.
 *
 * --instances N (N > 1): N `anystop serve` processes on the same scratch database and the NATS at ANYSTOP_NATS_URL
 * (default nats://127.0.0.1:4222), the road network's area split into N zones (west to east) so each owns one, behind
 * a round-robin TCP balancer the riders' HTTP goes through; the drivers' websockets go to the instances in turn
 * directly (the same spread, without three descriptors a driver in this process).
 *
 * --planner-page: the planner dashboard open in Chromium through the run (once the map shows the whole fleet); its
 * animation-frame gaps and long tasks while the fleet moves are reported ("stays smooth with 10,000 vehicles").
 * --planner-profile FILE writes the page's CPU profile over the sampled seconds; --planner-screenshot FILE.png the
 * page's map (legend included) once they are over.
 *
 * --router-data DIR: the started servers load this prepared router (`anystop routing prepare`, or a synthetic city
 * saved by `npm run bench:city`) instead of Seoul Songpa, and vehicles, origins and destinations are drawn in its
 * bounding box. After the run, the demand heatmap's answer (GET /trips/origins: count and bytes) and the rider
 * page's nearby vehicles (GET /vehicles/nearby at random points) are fetched once each and reported, with the
 * started server's event-loop delay (p99 and max over the run, from its Prometheus metrics) and re-optimizer rounds.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const scenario = opt('scenario', 'all');
const vehicles = Number(opt('vehicles', '2000'));
const rate = Number(opt('rate', '50'));
const durationS = Number(opt('duration', '60'));
const followerCount = Number(opt('followers', '200'));
const json = args.includes('--json');
const instanceCount = Math.max(1, Number(opt('instances', '1')));
const natsUrl = process.env.ANYSTOP_NATS_URL || 'nats://127.0.0.1:4222';
const concurrency = Number(opt('concurrency', '16'));
/** Started server only: write a V8 CPU profile of `anystop serve` into this folder (node --cpu-prof). */
const plannerPage = args.includes('--planner-page');
const cpuProfDir = args.includes('--cpu-prof') ? resolve(opt('cpu-prof', '.')) : null;
/** Where each started server's stderr is kept (anystop-load-<instance>-<database>.log). */
const serverLogDir = resolve(opt('server-log-dir', tmpdir()));
mkdirSync(serverLogDir, { recursive: true });
const routerData = args.includes('--router-data') ? resolve(opt('router-data', '')) : null;
/** Driver websockets: the first N vehicles on shift (default all); the others stay on shift where they started. */
const driverCount = Math.min(vehicles, Number(opt('drivers', String(vehicles))));
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const say = (m: string) => process.stderr.write(`${m}\n`);
const secret = process.env[AUTH_ENV.secret] || randomSecret();
const tokens = new TokenIssuer(selfSignedAuthConfig({ secret }));

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface Started {
  url: string;
  children: ChildProcess[];
  dbName: string;
  balancer: TcpBalancer | null;
  /** Each instance's own URL. */
  urls: string[];
  /** Each instance's Prometheus endpoint. */
  metricsUrls: string[];
  /** Each instance's stderr, kept in a file. */
  logPaths: string[];
}

async function startDispatchers(): Promise<Started> {
  const dbName = `anystop_load_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const first = await startDispatcher(dbUrl.toString(), instanceCount > 1 ? { ANYSTOP_NATS_URL: natsUrl, ANYSTOP_INSTANCE_ID: 'load-1' } : {});
  if (instanceCount === 1) return { url: first.url, children: [first.child], dbName, balancer: null, urls: [first.url], metricsUrls: [first.metricsUrl], logPaths: [first.logPath] };
  await splitIntoZones(first.url, instanceCount);
  const rest = await Promise.all(
    Array.from({ length: instanceCount - 1 }, (_, i) => startDispatcher(dbUrl.toString(), { ANYSTOP_NATS_URL: natsUrl, ANYSTOP_INSTANCE_ID: `load-${i + 2}` })),
  );
  const all = [first, ...rest];
  // Wait until every instance owns one zone (the first held them all until the others joined).
  for (let t0 = performance.now(); performance.now() - t0 < 15_000; await new Promise((r) => setTimeout(r, 200))) {
    const zones = await Promise.all(all.map(async (d) => ((await (await fetch(`${d.url}/health`)).json()) as { zones: string[] }).zones));
    if (zones.every((z) => z.length === 1)) break;
  }
  const balancer = await new TcpBalancer(() => all.map((d) => d.url)).start();
  say(`${instanceCount} instances behind ${balancer.url}, one zone each`);
  return { url: balancer.url, children: all.map((d) => d.child), dbName, balancer, urls: all.map((d) => d.url), metricsUrls: all.map((d) => d.metricsUrl), logPaths: all.map((d) => d.logPath) };
}

/** Replaces the road network's hull (the area a fresh database gets) by `n` strips of it, west to east: one zone each. */
async function splitIntoZones(base: string, n: number): Promise<void> {
  const headers = { authorization: `Bearer ${await tokens.token({ role: 'operator', subject: 'load' })}`, 'content-type': 'application/json' };
  const areas = (await (await fetch(`${base}/service-areas`, { headers })).json()) as { features: { id: number; geometry: { coordinates: number[][][][] } }[] };
  const hull = areas.features[0];
  const points = hull.geometry.coordinates.flat(2) as unknown as number[][];
  const [w, e] = [Math.min(...points.map((p) => p[0])) - 0.001, Math.max(...points.map((p) => p[0])) + 0.001];
  const [s, no] = [Math.min(...points.map((p) => p[1])) - 0.001, Math.max(...points.map((p) => p[1])) + 0.001];
  for (let i = 0; i < n; i++) {
    const [a, b] = [w + ((e - w) * i) / n, w + ((e - w) * (i + 1)) / n];
    const geometry = { type: 'Polygon', coordinates: [[[a, s], [b, s], [b, no], [a, no], [a, s]]] };
    const res = await fetch(`${base}/service-areas`, { method: 'POST', headers, body: JSON.stringify({ type: 'Feature', properties: { name: `zone ${i + 1}` }, geometry }) });
    if (!res.ok) throw new Error(`creating zone ${i + 1}: ${res.status} ${await res.text()}`);
  }
  await fetch(`${base}/service-areas/${hull.id}`, { method: 'DELETE', headers });
}

async function startDispatcher(databaseUrl: string, extraEnv: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; metricsUrl: string; logPath: string }> {
  const bin = resolve(__dirname, '..', '..', '..', 'bin', 'anystop.js');
  // The shared data: `../shared` beside the repository, or ANYSTOP_SHARED_DIR (a git worktree elsewhere).
  const shared = process.env.ANYSTOP_SHARED_DIR ? resolve(process.env.ANYSTOP_SHARED_DIR) : resolve(__dirname, '..', '..', '..', '..', 'shared');
  const osm = resolve(shared, 'data', 'osm', 'seoul-songpa.osm.pbf');
  const routerArgs = routerData ? ['--router-data', routerData] : ['--osm', osm];
  // The command itself, as an operator starts it (its first line gives node the product's flags); a CPU profile's
  // flags go through NODE_OPTIONS.
  const nodeOptions = [process.env.NODE_OPTIONS, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${JSON.stringify(cpuProfDir)}`] : [])].filter((o) => o).join(' ');
  const child = spawn(bin, ['serve', ...routerArgs, '--port', '0', '--metrics-port', '0', '--data', resolve(__dirname, '..', '..', '..', '.data')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, [AUTH_ENV.secret]: secret, [RATE_LIMIT_ENV.exempt]: 'loopback', ANYSTOP_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Everything the server writes to stderr goes to its log file too, so an error it logs under load (an
  // `internal error: …` behind a 500) can be read after the run.
  const logPath = resolve(serverLogDir, `anystop-load-${extraEnv.ANYSTOP_INSTANCE_ID ?? 'load-1'}-${databaseUrl.replace(/^.*\//, '')}.log`);
  const logFile = createWriteStream(logPath);
  child.stderr!.pipe(logFile);
  const [url, metricsUrl] = await new Promise<[string, string]>((ok, fail) => {
    let log = '';
    const starting = (d: Buffer) => {
      log += d.toString();
      const m = /dispatcher on (http:\/\/[\d.:]+)/.exec(log);
      const metrics = /metrics on (http:\/\/[\d.:]+\S*)/.exec(log);
      if (m) {
        child.stderr!.off('data', starting);
        ok([m[1], metrics?.[1] ?? '']);
      }
    };
    child.stderr!.on('data', starting);
    child.once('exit', (code) => fail(new Error(`anystop serve exited with ${code}:\n${log}`)));
  });
  return { url, child, metricsUrl, logPath };
}

/**
 * How many `internal error` lines (a 500's cause, where it was answered) and `a forwarded call failed` lines (its cause
 * on the zone's owner, in a cluster) the servers' logs hold, and where the logs are.
 */
function serverLogs(server: Started): { logs: string[]; internalErrors: number } {
  let internalErrors = 0;
  for (const path of server.logPaths) {
    try {
      internalErrors += (readFileSync(path, 'utf8').match(/internal error|a forwarded call failed/g) ?? []).length;
    } catch {
      // a log that cannot be read counts none; its path is still reported
    }
  }
  return { logs: server.logPaths, internalErrors };
}

/** The JetStream event stream the instances made for the scratch database (EventStream's name), deleted with it. */
async function dropEventStream(url: string, databaseName: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(EventStream.forDatabase(databaseName).name).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** CPU time of every dispatcher process started (all instances), or null when one cannot be read. */
function serversCpuMs(children: ChildProcess[]): number | null {
  const each = children.map((c) => processCpuMs(c.pid!));
  return each.some((ms) => ms === null) ? null : each.reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** The zones each started instance owns now (its /health). */
async function zonesOwned(server: Started): Promise<string[][]> {
  return Promise.all(server.urls.map(async (u) => ((await (await fetch(`${u}/health`)).json()) as { zones: string[] }).zones));
}

/** User + system CPU time of a process so far, all its threads (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** How long one scrape of a server's metrics may take. */
const SCRAPE_TIMEOUT_MS = 20_000;

/** One scrape of a started server's metrics: its event-loop delay since the last scrape (prom-client resets it) and its re-optimizer rounds so far. */
async function scrapeServer(metricsUrl: string): Promise<{ loopP99Ms: number | null; loopMaxMs: number | null; reoptimizerRounds: number }> {
  if (!metricsUrl) return { loopP99Ms: null, loopMaxMs: null, reoptimizerRounds: 0 };
  // A server saturated by the run may not answer its metrics for minutes: the run's figures are reported without them.
  let text: string;
  try {
    text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) })).text();
  } catch (e) {
    say(`metrics of ${metricsUrl} not read (${e instanceof Error ? e.message : String(e)}): reported without them`);
    return { loopP99Ms: null, loopMaxMs: null, reoptimizerRounds: 0 };
  }
  const gauge = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) * 1000 : null;
  };
  let rounds = 0;
  for (const m of text.matchAll(/^anystop_reoptimizer_runs_total\{[^}]*\} ([\d.eE+-]+)$/gm)) rounds += Number(m[1]);
  return { loopP99Ms: gauge('anystop_nodejs_eventloop_lag_p99_seconds'), loopMaxMs: gauge('anystop_nodejs_eventloop_lag_max_seconds'), reoptimizerRounds: rounds };
}

export interface PageDataFigures {
  /** GET /trips/origins (the demand heatmap) after the run: points, bytes and time of one answer. */
  heatmapOrigins: number;
  heatmapBytes: number;
  heatmapMs: number;
  /** GET /vehicles/nearby (the rider page) at 20 random points: most vehicles in one answer, and the time. */
  nearbyMax: number;
  nearbyP50Ms: number;
  nearbyMaxMs: number;
}

/** What the planner's heatmap and the rider page's nearby vehicles fetch, once the run's trips are in. */
async function pageData(base: string, rng: Random): Promise<PageDataFigures> {
  const planner = await tokens.token({ role: 'planner', subject: 'load' });
  let t = performance.now();
  const res = await fetch(`${base}/trips/origins`, { headers: { authorization: `Bearer ${planner}` } });
  const body = await res.text();
  const heatmapMs = performance.now() - t;
  const origins = res.ok ? (JSON.parse(body) as { origins: unknown[] }).origins.length : -1;
  const rider = await tokens.token({ role: 'rider', subject: 'load-nearby' });
  const ms: number[] = [];
  let most = 0;
  for (let k = 0; k < 20; k++) {
    const [lon, lat] = randomPoint(rng);
    t = performance.now();
    const r = await fetch(`${base}/vehicles/nearby?lon=${lon}&lat=${lat}`, { headers: { authorization: `Bearer ${rider}` } });
    const near = r.ok ? ((await r.json()) as { vehicles: unknown[] }).vehicles.length : -1;
    ms.push(performance.now() - t);
    most = Math.max(most, near);
  }
  return { heatmapOrigins: origins, heatmapBytes: Buffer.byteLength(body), heatmapMs, nearbyMax: most, nearbyP50Ms: percentile(ms, 0.5), nearbyMaxMs: Math.max(...ms) };
}

async function main(): Promise<void> {
  if (routerData) useArea(readPreparedMeta(routerData).bbox);
  const external = args.includes('--url') ? opt('url', '') : null;
  const server = external ? null : await startDispatchers();
  const base = external ?? server!.url;
  const rng = new Random(42);
  const requests = new LatencyRecorder('trip request (HTTP POST /trips)');
  const fanout = new LatencyRecorder('position → rider (websocket fan-out)');
  const driverErrors = new LatencyRecorder('driver websockets');
  try {
    const wantDrivers = scenario === 'all' || scenario === 'drivers' || scenario === 'followers';
    const wantRiders = scenario === 'all' || scenario === 'riders' || scenario === 'followers';
    say(`putting ${vehicles} vehicles on shift…`);
    const positions = await setupFleet(base, tokens, vehicles, rng, Date.now() / 1000);
    const accepted: string[] = [];
    if (scenario === 'followers' || scenario === 'all') {
      say(`${followerCount} riders book trips to follow…`);
      await ridersScenario(base, tokens, Math.min(rate, 50), followerCount / Math.min(rate, 50), rng, new LatencyRecorder('setup'), accepted);
    }
    // Several instances: the drivers' websockets go to the instances in turn, as through the round-robin balancer,
    // but straight (the balancer in this process would hold three descriptors a driver: 30,000 at 10,000 drivers,
    // past the machine's 20,000 a process).
    const driverBases = server && server.urls.length > 1 ? server.urls : [base];
    const drivers = wantDrivers ? await driversScenario(driverBases, tokens, positions.slice(0, driverCount), rng, driverErrors) : null;
    if (drivers) say(`${drivers.sockets.length} driver websockets open, pinging at 1 Hz`);
    const stopFollowers = drivers && accepted.length > 0 ? await followersScenario(base, tokens, accepted.slice(0, followerCount), drivers, fanout) : null;
    const probe = plannerPage ? new PlannerPageProbe() : null;
    if (probe) {
      say('opening the planner dashboard in Chromium…');
      await probe.start(base, await tokens.token({ role: 'planner', subject: 'load' }), vehicles);
    }
    const probing = probe ? probe.measure(Math.max(5, durationS - 5), args.includes('--planner-profile') ? resolve(opt('planner-profile', 'planner.cpuprofile')) : undefined) : null;
    const t0 = performance.now();
    const cpuBefore = server ? serversCpuMs(server.children) : null;
    const harnessCpuBefore = process.cpuUsage();
    // The harness's own event loop: a loop that lags times every answer late, so its lag says which side sets the pace.
    const harnessLoop = monitorEventLoopDelay({ resolution: 10 });
    harnessLoop.enable();
    const metricsBefore = server ? await scrapeServer(server.metricsUrls[0]) : null;
    const zonesBefore = server && instanceCount > 1 ? await zonesOwned(server) : null;
    if (scenario === 'saturation') {
      say(`saturation: ${concurrency} riders back to back for ${durationS} s…`);
      await saturationScenario(base, tokens, concurrency, durationS, rng, requests);
    } else if (wantRiders && scenario !== 'followers') {
      say(`riders: ${rate} requests per second for ${durationS} s…`);
      await ridersScenario(base, tokens, rate, durationS, rng, requests, []);
    } else {
      await new Promise((r) => setTimeout(r, durationS * 1000));
    }
    const elapsedS = (performance.now() - t0) / 1000;
    const planner: PlannerPageFigures | null = probing ? await probing : null;
    if (probe && args.includes('--planner-screenshot')) await probe.screenshot(resolve(opt('planner-screenshot', 'planner.png')));
    await probe?.close();
    const cpuAfter = server ? serversCpuMs(server.children) : null;
    const harnessCpu = process.cpuUsage(harnessCpuBefore);
    const harnessCpuMs = (harnessCpu.user + harnessCpu.system) / 1000;
    harnessLoop.disable();
    const harness = { cpuMs: harnessCpuMs, eventLoopP99Ms: harnessLoop.percentile(99) / 1e6, eventLoopMaxMs: harnessLoop.max / 1e6 };
    const metricsAfter = server ? await scrapeServer(server.metricsUrls[0]) : null;
    const serverLoop = metricsBefore && metricsAfter ? { eventLoopP99Ms: metricsAfter.loopP99Ms, eventLoopMaxMs: metricsAfter.loopMaxMs, reoptimizerRounds: metricsAfter.reoptimizerRounds - metricsBefore.reoptimizerRounds } : null;
    const pages = routerData || plannerPage ? await pageData(base, new Random(99)) : null;
    const loadAvg = (await import('node:os')).loadavg();
    // Zone ownership before and after: a change during the run (churn) would show as ZoneUnavailable answers.
    const zonesAfter = server && instanceCount > 1 ? await zonesOwned(server) : null;
    if (zonesBefore) say(`zones per instance before the run ${JSON.stringify(zonesBefore)}, after ${JSON.stringify(zonesAfter)}`);
    const serverCpuMs = cpuAfter !== null && cpuBefore !== null ? cpuAfter - cpuBefore : null;
    const decided = [...requests.outcomes.values()].reduce((a, b) => a + b, 0);
    const saturation = scenario === 'saturation' ? { decidedPerSecond: decided / elapsedS, serverCpuMsPerDecided: serverCpuMs === null || decided === 0 ? null : serverCpuMs / decided } : null;
    await stopFollowers?.();
    await drivers?.stop();
    const logs = server ? serverLogs(server) : null;
    const results = [requests, fanout, driverErrors].filter((r) => r.count > 0 || r.errors > 0).map((r) => r.summary(elapsedS));
    const goals = { tripRequestP99Ms: 200, fanoutP99Ms: 100, saturationDecidedPerSecond: 150, serverCpuMsPerDecided: 5 };
    if (json) {
      process.stdout.write(`${JSON.stringify({ scenario, vehicles, drivers: driverCount, rate, durationS, instances: instanceCount, results, saturation, serverCpuMs, harness, zonesBefore, zonesAfter, plannerPage: planner, goals, serverLoop, pageData: pages, loadAvg, serverLogs: logs })}\n`);
    } else {
      process.stdout.write(`scenario ${scenario}: ${vehicles} vehicles${driverCount < vehicles ? ` (${driverCount} with a driver websocket)` : ''}, ${rate} requests/s, ${durationS} s, ${instanceCount} instance${instanceCount === 1 ? '' : 's'}\n`);
      process.stdout.write('operation                               count   per s   p50 ms   p95 ms   p99 ms   max ms  errors\n');
      for (const r of results) {
        const f = (v: number | null) => (v === null ? '–' : v.toFixed(1)).padStart(7);
        process.stdout.write(`${r.name.padEnd(38)} ${String(r.count).padStart(6)} ${r.perSecond.toFixed(1).padStart(7)} ${f(r.p50Ms)}  ${f(r.p95Ms)}  ${f(r.p99Ms)}  ${f(r.maxMs)} ${String(r.errors).padStart(7)}\n`);
        for (const [kind, n] of Object.entries(r.errorKinds)) process.stdout.write(`    ${n} × ${kind}\n`);
        if (r.acceptedShare !== null) process.stdout.write(`    accepted ${(100 * r.acceptedShare).toFixed(1)} % (${Object.entries(r.outcomes).map(([k, n]) => `${n} ${k}`).join(', ')})\n`);
      }
      if (saturation) {
        process.stdout.write(`saturation: ${saturation.decidedPerSecond.toFixed(1)} decided requests/s at ${concurrency} in flight`);
        process.stdout.write(saturation.serverCpuMsPerDecided === null ? '\n' : `, server CPU ${saturation.serverCpuMsPerDecided.toFixed(2)} ms per decided request (every instance, all threads)\n`);
      }
      if (planner) {
        const f = (v: number) => v.toFixed(1);
        process.stdout.write(
          `planner page: ${planner.vehiclesShown} vehicles as ${planner.rendering}; frame gaps p50 ${f(planner.frameP50Ms)} / p95 ${f(planner.frameP95Ms)} / p99 ${f(planner.frameP99Ms)} / max ${f(planner.frameMaxMs)} ms over ${planner.frames} frames; ${planner.longTasks} long tasks (${(100 * planner.longTaskShare).toFixed(1)} % of ${planner.sampledS} s)\n`,
        );
      }
      if (serverCpuMs !== null) process.stdout.write(`server CPU ${(serverCpuMs / 1000).toFixed(1)} s over ${elapsedS.toFixed(1)} s (every instance, all threads), the harness's own ${(harnessCpuMs / 1000).toFixed(1)} s (its event-loop delay p99 ${harness.eventLoopP99Ms.toFixed(1)} / max ${harness.eventLoopMaxMs.toFixed(1)} ms); load average at the end ${loadAvg.map((x) => x.toFixed(1)).join(' / ')}\n`);
      if (serverLoop) process.stdout.write(`first instance: event-loop delay p99 ${serverLoop.eventLoopP99Ms?.toFixed(1) ?? '–'} / max ${serverLoop.eventLoopMaxMs?.toFixed(1) ?? '–'} ms over the run; ${serverLoop.reoptimizerRounds} re-optimizer rounds\n`);
      if (pages) {
        process.stdout.write(
          `demand heatmap: ${pages.heatmapOrigins} origins, ${(pages.heatmapBytes / 1024).toFixed(0)} kB, ${pages.heatmapMs.toFixed(0)} ms; nearby vehicles: at most ${pages.nearbyMax} in one answer, p50 ${pages.nearbyP50Ms.toFixed(1)} / max ${pages.nearbyMaxMs.toFixed(1)} ms\n`,
        );
      }
      if (logs) process.stdout.write(`server logs (${logs.internalErrors} internal errors): ${logs.logs.join(', ')}\n`);
      process.stdout.write(`goals: trip request p99 < ${goals.tripRequestP99Ms} ms, fan-out p99 < ${goals.fanoutP99Ms} ms, zero errors\n`);
    }
  } finally {
    if (server) {
      await server.balancer?.close();
      await Promise.all(server.children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
      await admin(`DROP DATABASE IF EXISTS ${server.dbName} WITH (FORCE)`);
      if (instanceCount > 1) await dropEventStream(natsUrl, server.dbName);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load test failed: ${e instanceof Error ? `${e.stack}${e.cause === undefined ? '' : `\ncaused by: ${e.cause instanceof Error ? e.cause.stack : String(e.cause)}`}` : String(e)}\n`);
  process.exit(1);
});
