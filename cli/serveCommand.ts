import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { corsOriginsFromEnv } from '../dispatcher/api/corsPolicy';
import { rateLimitsFromEnv } from '../dispatcher/api/rateLimits';
import { AuthConfigError, authConfigFromEnv } from '../dispatcher/auth/AuthConfig';
import { type Clock, SystemClock } from '../dispatcher/clock/Clock';
import { FileClock } from '../dispatcher/clock/FileClock';
import { DEFAULT_POLICY, policyForNetwork } from '../dispatcher/fleet/DispatchPolicy';
import { startServer } from '../dispatcher/service/startServer';
import { loadMeetingPoints } from '../dispatcher/meetingPoints/loadMeetingPoints';
import { createLogger, instanceIdFromEnv, OBSERVABILITY_ENV } from '../dispatcher/observability/Logger';
import { CLUSTER_ENV } from '../dispatcher/cluster/clusterEnv';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { loadPrepared } from '../routing/builtin/storage';
import { routerRegistry } from '../routing/backends';
import { routerConfigFromEnv } from '../routing/registry';
import type { Router } from '../routing/Router';
import { parsePort } from './options';
import { StageProgress } from './progressBar';

interface ServeOptions {
  osm?: string;
  routerData?: string;
  port: string;
  host: string;
  data: string;
  reoptimize: boolean;
  devAuth?: boolean;
  trustProxy?: string;
  clockFile?: string;
  metricsPort?: string;
  maxShiftHours: string;
  meetingPoints?: string;
}

/** A SIGTERM shutdown that takes longer than this (a client that never lets go) ends with exit code 1. */
export const SHUTDOWN_DEADLINE_MS = 30_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the dispatcher (HTTP API); PostgreSQL from DATABASE_URL, else an embedded database in --data')
    .option('--osm <file>', 'OSM extract for the built-in router (prepared into --data on first use)')
    .option('--router-data <dir>', 'folder from `routing prepare` (default: ROUTER=... from the environment)')
    .option('--port <port>', 'TCP port', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'folder for the embedded database and prepared routers', '.data')
    .option('--no-reoptimize', 'do not re-optimize in the background')
    .option('--dev-auth', 'sign development tokens (POST /auth/dev-token) with ANYSTOP_JWT_SECRET or a random secret: never in production')
    .option('--metrics-port <n>', 'serve Prometheus metrics (text format) at GET /metrics on this port of --host')
    .option('--max-shift-hours <hours>', 'longest shift a vehicle may be started for; a longer one is refused (ShiftTooLong)', String(DEFAULT_POLICY.maxShiftS / 3600))
    .option('--meeting-points <source>', 'candidate meeting points: a GeoJSON file of points, "network" (derived from --osm) or "none"; default network with --osm, else none')
    .option('--trust-proxy <hops>', 'behind a reverse proxy: how many proxies to trust for the client address (rate limits)')
    // Test-only: the dispatch time from a file another process steps (the crash test's simulated clock survives a restart).
    .addOption(new Option('--clock-file <path>', 'test only: read the dispatch time (epoch seconds) from this file').hideHelp())
    .addHelpText(
      'after',
      '\nTokens: ANYSTOP_JWT_SECRET (HS256, at least 32 bytes) or ANYSTOP_JWT_PUBLIC_KEY (PEM, ES256/RS256); ANYSTOP_JWT_ISSUER, ANYSTOP_JWT_AUDIENCE.\n' +
        'Limits: ANYSTOP_RATE_PER_IP, ANYSTOP_RATE_PER_RIDER (requests/s), ANYSTOP_RATE_LIMIT_EXEMPT (addresses or "loopback"). CORS: ANYSTOP_CORS_ORIGINS.\n' +
        'Several instances: ANYSTOP_NATS_URL (absent: this one runs alone), ANYSTOP_REDIS_URL (shared rate limits), ANYSTOP_INSTANCE_ID (default host name and pid).\n' +
        'Logs: JSON lines on stdout, level ANYSTOP_LOG_LEVEL (default info).',
    )
    .action(async (opts: ServeOptions) => {
      let auth;
      try {
        auth = authConfigFromEnv(process.env, { devAuth: opts.devAuth === true });
      } catch (e) {
        if (!(e instanceof AuthConfigError)) throw e;
        process.stderr.write(`anystop serve: ${e.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (auth.devTokens) process.stderr.write('development tokens on: anyone can get a token for any role at POST /auth/dev-token\n');
      let instanceId: string;
      let logger;
      try {
        instanceId = instanceIdFromEnv(process.env);
        logger = createLogger({ instanceId, level: process.env[OBSERVABILITY_ENV.logLevel] });
      } catch (e) {
        process.stderr.write(`anystop serve: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
        return;
      }
      const progress = new StageProgress();
      const router = await openRouter(opts, progress);
      const maxShiftHours = Number(opts.maxShiftHours);
      if (!(maxShiftHours > 0 && maxShiftHours <= 168)) {
        process.stderr.write(`anystop serve: --max-shift-hours must be a number of hours in (0, 168], not "${opts.maxShiftHours}"\n`);
        process.exitCode = 1;
        return;
      }
      let meetingPoints;
      try {
        meetingPoints = await loadMeetingPoints(opts.meetingPoints ?? (opts.osm ? 'network' : 'none'), opts.osm);
      } catch (e) {
        process.stderr.write(`anystop serve: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
        return;
      }
      if (meetingPoints) process.stderr.write(`${meetingPoints.size} meeting points\n`);
      const clock: Clock = opts.clockFile ? new FileClock(opts.clockFile) : new SystemClock();
      const running = await startServer({
        router,
        clock,
        port: parsePort(opts.port, '--port', 0),
        host: opts.host,
        databaseUrl: process.env.DATABASE_URL,
        embeddedDataDir: join(opts.data, 'pglite'),
        reoptimize: opts.reoptimize,
        policy: { ...policyForNetwork(router), maxShiftS: maxShiftHours * 3600 },
        auth,
        rateLimits: rateLimitsFromEnv(process.env),
        corsOrigins: corsOriginsFromEnv(process.env),
        instanceId,
        logger,
        metricsPort: opts.metricsPort === undefined ? undefined : parsePort(opts.metricsPort, '--metrics-port', 0),
        redisUrl: process.env[CLUSTER_ENV.redisUrl] || undefined,
        natsUrl: process.env[CLUSTER_ENV.natsUrl] || undefined,
        trustProxy: opts.trustProxy === undefined ? undefined : parsePort(opts.trustProxy, '--trust-proxy', 0, 10),
        onProgress: (m) => process.stderr.write(`${m}\n`),
        placesFile: opts.osm,
        ...(meetingPoints ? { meetingPoints } : {}),
      });
      // Before the "dispatcher on" line that scripts wait for, so it is there when they read on.
      if (running.metricsUrl) process.stderr.write(`metrics on ${running.metricsUrl}\n`);
      process.stderr.write(`Anystop dispatcher on ${running.url} (database: ${running.database.kind}; API: ${running.url}/openapi.json)\n`);
      const stop = () => {
        process.stderr.write('stopping: new requests get 503, finishing the ones in flight…\n');
        setTimeout(() => {
          process.stderr.write(`stopping took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway\n`);
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
        running.stop().then(
          () => {
            process.stderr.write('stopped cleanly\n');
            process.exit(0);
          },
          (e: unknown) => {
            process.stderr.write(`stopping failed: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

async function openRouter(opts: ServeOptions, progress: StageProgress): Promise<Router> {
  if (opts.routerData) return new BuiltinRouter(loadPrepared(opts.routerData));
  if (opts.osm) {
    const name = opts.osm.replace(/^.*\//, '').replace(/\.osm\.pbf$/, '');
    const dir = join(opts.data, 'router', name);
    if (!existsSync(join(dir, 'meta.json'))) {
      await prepareRouter(opts.osm, { outDir: dir, onProgress: (p) => progress.update(p.stage, p.done, p.total) });
      progress.done(`router ready in ${dir}`);
    }
    return new BuiltinRouter(loadPrepared(dir));
  }
  return routerRegistry.create(routerConfigFromEnv());
}
