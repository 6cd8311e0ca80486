import { join } from 'node:path';
import type { Command } from 'commander';
import { authConfigFromEnv } from '../dispatcher/auth/AuthConfig';
import { ManualClock } from '../dispatcher/clock/Clock';
import { startServer } from '../dispatcher/service/startServer';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { loadPrepared } from '../routing/builtin/storage';
import { prepareRouter } from '../routing/builtin/prepare';
import { existsSync } from 'node:fs';
import { generateDemand } from '../simulator/demand/generateDemand';
import { WsDriverLink } from '../simulator/agents/WsDriverLink';
import { runSimulation } from '../simulator/Simulation';
import { depotsFor } from '../simulator/whatif/runWhatIf';
import { parsePort } from './options';
import { OptionError } from './OptionError';
import { addWorldOptions, type WorldFlags, worldFromFlags } from './worldOptions';
import { SimulatedWorld } from '../simulator/world/SimulatedWorld';
import { describeWorld } from '../simulator/world/WorldConfig';
import { StageProgress } from './progressBar';

interface DemoOptions extends WorldFlags {
  osm: string;
  port: string;
  data: string;
  fleet: string;
  tripsPerHour: string;
  speedup: string;
  seed: string;
}

/**
 * `anystop demo`: a living city. The dispatcher with its pages, the embedded database (unless DATABASE_URL),
 * and a simulated fleet and riders running on the dispatcher's own clock, paced against the wall clock.
 * People can book real trips on the rider page meanwhile.
 */
export function registerDemoCommand(program: Command): void {
  addWorldOptions(program.command('demo'))
    .description('a live demo city: dispatcher, pages, a simulated fleet and simulated riders')
    .requiredOption('--osm <file>', 'OSM extract of the demo city')
    .option('--port <port>', 'TCP port', '8080')
    .option('--data <dir>', 'folder for the embedded database and the prepared router', '.data')
    .option('--fleet <n>', 'simulated vehicles', '8')
    .option('--trips-per-hour <n>', 'simulated requests per hour at the peak', '90')
    .option('--speedup <x>', 'simulated seconds per real second (above 1 the simulated clock runs ahead of yours)', '1')
    .option('--seed <n>', 'seed of the simulated city', '1')
    .action(async (o: DemoOptions) => {
      const say = (m: string) => process.stderr.write(`${m}\n`);
      // Checked before anything starts: a bad value is refused at once. The city's clock is Seoul's (UTC+9).
      const fleet = parsePort(o.fleet, '--fleet', 1, 500);
      const seed = parsePort(o.seed, '--seed', 0, 2 ** 31);
      const worldConfig = worldFromFlags(o, seed, 9 * 3600);
      const speedup = Number(o.speedup);
      if (!(speedup > 0)) throw new OptionError(`--speedup must be a positive number, got '${o.speedup}'`);
      const progress = new StageProgress();
      const name = o.osm.replace(/^.*\//, '').replace(/\.osm\.pbf$/, '');
      const routerDir = join(o.data, 'router', name);
      if (!existsSync(join(routerDir, 'meta.json'))) {
        await prepareRouter(o.osm, { outDir: routerDir, onProgress: (p) => progress.update(p.stage, p.done, p.total) });
        progress.done(`router ready in ${routerDir}`);
      }
      const router = new BuiltinRouter(loadPrepared(routerDir));
      // Simulated time starts now, so the pages' "today" and "last hour" mean what they say.
      const startS = Math.floor(Date.now() / 1000);
      const startOfDayS = (startS + 9 * 3600) % 86400; // the demand profile follows the city's clock (Seoul, UTC+9)
      const clock = new ManualClock(startS);
      const running = await startServer({
        router,
        clock,
        port: parsePort(o.port, '--port', 0),
        host: '127.0.0.1',
        databaseUrl: process.env.DATABASE_URL,
        embeddedDataDir: join(o.data, `pglite-demo-${Date.now()}`),
        reoptimize: true,
        // The demo's pages get their tokens from the development endpoint; the simulated city signs its own.
        auth: authConfigFromEnv(process.env, { devAuth: true }),
        onProgress: say,
        placesFile: o.osm,
      });
      const tokens = running.auth.issuer!;
      say('');
      say(`Anystop demo city is running (simulated time ×${speedup}):`);
      say(`  world:    ${describeWorld(worldConfig)}`);
      say(`  rider:    ${running.url}/rider`);
      say(`  driver:   ${running.url}/driver   (sign in as sim-0 … sim-${fleet - 1})`);
      say(`  planner:  ${running.url}/planner`);
      say(`  operator: ${running.url}/operator`);
      say(`  API:      ${running.url}/openapi.json`);
      say('Press Ctrl-C to stop.');
      const stop = () => {
        running.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const durationS = 12 * 3600;
      const depots = depotsFor(router, fleet, seed);
      const demand = generateDemand(router.network, { seed, peakTripsPerHour: Number(o.tripsPerHour), durationS, startOfDayS });
      const world = SimulatedWorld.create(worldConfig, startS, startS + durationS + 3600, [...depots, ...demand.flatMap((d) => [d.origin, d.destination])]);
      await runSimulation({
        baseUrl: running.url,
        router,
        connectDriver: (id, token) => WsDriverLink.connect(running.url, id, token),
        tokens,
        setTime: (t) => clock.set(t),
        startS,
        durationS,
        drainS: 3600,
        stepS: 1,
        speedup,
        seed,
        vehicles: { count: fleet, seats: 8, wheelchairPlaces: 1, positions: depots, shiftS: durationS + 3600 },
        demand,
        world,
        settle: () => running.settled(),
      });
      say('The simulated day is over; the dispatcher keeps running. Press Ctrl-C to stop.');
    });
}
