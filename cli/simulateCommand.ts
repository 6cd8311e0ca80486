import { createWriteStream, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { generateDemand } from '../simulator/demand/generateDemand';
import { readDemandCsv } from '../simulator/demand/readDemandCsv';
import { runWhatIf, type WhatIfOptions } from '../simulator/whatif/runWhatIf';
import { brokenByCauseTable, kpiTable, outcomesTable, serviceLevelTable, whatIfHtml } from '../simulator/whatif/whatIfReport';
import { DEFAULT_POLICY } from '../dispatcher/fleet/DispatchPolicy';
import { windowOfWidth } from '../simulator/whatif/runWhatIf';
import { DEFAULT_DRIVER } from '../simulator/Simulation';
import { OFFLINE_BOUND_DEFAULTS } from '../simulator/whatif/offlineBound';
import { parsePort } from './options';
import { OptionError } from './OptionError';
import { addWorldOptions, type WorldFlags, worldFromFlags } from './worldOptions';
import { describeWorld } from '../simulator/world/WorldConfig';
import { loadMeetingPoints } from '../dispatcher/meetingPoints/loadMeetingPoints';
import { meetingPointComparison, meetingPointTable } from '../simulator/whatif/meetingPointComparison';

interface SimulateOptions extends WorldFlags {
  counterfactual?: boolean;
  osm: string;
  demand?: string;
  peakTripsPerHour: string;
  duration: string;
  start: string;
  seed: string;
  fleet: string;
  capacity: string;
  speedup: string;
  baseline?: boolean;
  report: string;
  json?: boolean;
  trace?: string;
  maxWait?: string;
  rideFactor?: string;
  window?: string;
  windowCurve?: string;
  offlineBound: boolean;
  offlineSeconds: string;
  gpsEvery: string;
  meetingPoints: string;
  meetingPointsFile?: string;
}

/** `anystop simulate`: what-if fleet sizing on the production dispatcher, with a KPI table and an HTML report. */
export function registerSimulateCommand(program: Command): void {
  addWorldOptions(program.command('simulate'))
    .description('run the same demand against several fleet sizes on the real dispatcher and compare the KPIs')
    .requiredOption('--osm <file>', 'OSM extract of the city (.osm.pbf)')
    .option('--demand <trips.csv>', 'trips CSV (requested_at, origin_lon, origin_lat, destination_lon, destination_lat, passengers); default: the seeded generator')
    .option('--peak-trips-per-hour <n>', 'generator: requests per hour at the peak', '60')
    .option('--duration <minutes>', 'generator: minutes of requests', '30')
    .option('--start <hh:mm>', 'generator: time of day the simulation starts', '08:00')
    .option('--seed <n>', 'seed of the demand, the depots and the riders', '1')
    .option('--fleet <sizes>', 'fleet sizes to compare, comma separated', '10,20,40')
    .option('--capacity <seats>', 'seats per vehicle', '8')
    .option('--speedup <x>', 'simulated seconds per real second, or "max"', 'max')
    .option('--baseline', 'also run the no-pooling, nearest-idle-vehicle baseline on the same demand')
    .option('--report <file.html>', 'where to write the HTML report', 'what-if-report.html')
    .option('--json', 'print one JSON object instead of the table')
    .option('--trace <file.jsonl>', 'write every dispatch decision, its candidates and why each was refused, one JSON object a line')
    .option('--max-wait <minutes>', `service level: longest wait for a pickup after the requested time (default ${DEFAULT_POLICY.maxWaitS / 60})`)
    .option('--ride-factor <x>', `service level: longest ride as a multiple of the direct drive, plus ${DEFAULT_POLICY.rideExtraS / 60} min (default ${DEFAULT_POLICY.rideFactor})`)
    .option('--window <minutes>', `service level: width of the pickup window promised to a rider (default ${(DEFAULT_POLICY.promiseBeforeS + DEFAULT_POLICY.promiseAfterS) / 60})`)
    .option('--window-curve <minutes>', 'also run Anystop at the largest fleet with each of these promised window widths, comma separated: the trade-off curve')
    .option('--gps-every <s>', 'simulated drivers send a GPS position this often (simulated seconds)', String(DEFAULT_DRIVER.pingEveryS))
    .option('--no-offline-bound', 'skip the perfect-information bound (the DARP solver with every request known in advance)')
    .option('--offline-seconds <s>', 'search time of the offline bound per fleet size', String(OFFLINE_BOUND_DEFAULTS.timeLimitMs / 1000))
    .option('--meeting-points <on|off|both>', 'propose meeting points a short walk away (on), never (off), or run both on the same demand and compare', 'on')
    .option('--counterfactual', 'also run each Anystop fleet with reactToRisk off: the share of trips that would have been late had nothing been re-planned')
    .option('--meeting-points-file <file.geojson>', 'candidate meeting points (default: derived from the --osm road network)')
    .action(async (o: SimulateOptions) => {
      const say = (m: string) => process.stderr.write(`${m}\n`);
      const fleets = o.fleet.split(',').map((s) => parsePort(s.trim(), '--fleet', 1, 5000));
      const seed = parsePort(o.seed, '--seed', 0, 2 ** 31);
      // The simulated day is on UTC (see startS below): the traffic profile reads that clock.
      const world = worldFromFlags(o, seed, 0);
      const m = /^(\d{1,2}):(\d{2})$/.exec(o.start);
      if (!m) throw new OptionError(`--start must be hh:mm, got '${o.start}'`);
      const startOfDayS = Number(m[1]) * 3600 + Number(m[2]) * 60;
      const speedup = o.speedup === 'max' ? Infinity : Number(o.speedup);
      if (!(speedup > 0)) throw new OptionError(`--speedup must be a positive number or "max", got '${o.speedup}'`);
      const minutes = (v: string | undefined, flag: string, max: number): number | undefined => {
        if (v === undefined) return undefined;
        const x = Number(v);
        if (!(x > 0 && x <= max)) throw new OptionError(`${flag} must be a number of minutes in (0, ${max}], got '${v}'`);
        return Math.round(x * 60);
      };
      const maxWaitS = minutes(o.maxWait, '--max-wait', 120);
      const windowS = minutes(o.window, '--window', 120);
      const rideFactor = o.rideFactor === undefined ? undefined : Number(o.rideFactor);
      if (rideFactor !== undefined && !(rideFactor >= 1 && rideFactor <= 10)) throw new OptionError(`--ride-factor must be a number from 1 to 10, got '${o.rideFactor}'`);
      const policy = {
        ...(maxWaitS !== undefined ? { maxWaitS } : {}),
        ...(rideFactor !== undefined ? { rideFactor } : {}),
        ...(windowS !== undefined ? windowOfWidth(windowS) : {}),
      };
      const windowWidthsS = o.windowCurve ? o.windowCurve.split(',').map((w) => minutes(w.trim(), '--window-curve', 120)!) : [];
      const offlineSeconds = Number(o.offlineSeconds);
      if (!(offlineSeconds > 0 && offlineSeconds <= 3600)) throw new OptionError(`--offline-seconds must be a number of seconds in (0, 3600], got '${o.offlineSeconds}'`);
      const gpsEveryS = parsePort(o.gpsEvery, '--gps-every', 1, 60);
      if (!['on', 'off', 'both'].includes(o.meetingPoints)) throw new OptionError(`--meeting-points must be on, off or both, got '${o.meetingPoints}'`);
      const meetingPoints = o.meetingPoints === 'off' ? null : await loadMeetingPoints(o.meetingPointsFile ?? 'network', o.osm);
      if (meetingPoints) say(`${meetingPoints.size} meeting points`);
      const traceFile = o.trace ? createWriteStream(o.trace) : null;
      say('preparing the router…');
      const router = new BuiltinRouter(await prepareRouter(o.osm));
      const durationS = parsePort(o.duration, '--duration', 1, 24 * 60) * 60;
      const demand = o.demand
        ? readDemandCsv(o.demand)
        : generateDemand(router.network, { seed, peakTripsPerHour: Number(o.peakTripsPerHour), durationS, startOfDayS });
      // Simulated days start on a fixed date, so runs repeat exactly.
      const startS = Date.UTC(2026, 2, 2) / 1000 + startOfDayS;
      const whatIf: WhatIfOptions = {
        router,
        demand,
        fleets,
        capacity: parsePort(o.capacity, '--capacity', 1, 60),
        speedup,
        seed,
        startS,
        durationS: o.demand ? Math.max(60, ...demand.map((t) => t.requestedAtS + 1)) : durationS,
        baseline: !!o.baseline,
        policy,
        offlineBoundMs: o.offlineBound ? offlineSeconds * 1000 : undefined,
        windowWidthsS,
        driver: { ...DEFAULT_DRIVER, pingEveryS: gpsEveryS },
        trace: traceFile ? (r) => traceFile.write(`${JSON.stringify(r)}\n`) : undefined,
        serverUrl: process.env.DATABASE_URL,
        world,
        counterfactual: !!o.counterfactual,
        onProgress: say,
      };
      const result = await runWhatIf({ ...whatIf, policy: { ...policy, meetingPoints: o.meetingPoints !== 'off' }, ...(meetingPoints ? { meetingPoints } : {}) });
      // The same demand, depots and seeds again with meeting points off: Anystop only (no baseline, bound or curve).
      const without =
        o.meetingPoints === 'both'
          ? await runWhatIf({ ...whatIf, policy: { ...policy, meetingPoints: false }, baseline: false, offlineBoundMs: undefined, windowWidthsS: [], trace: undefined, counterfactual: false })
          : null;
      const comparison = without ? meetingPointComparison(result.pooled, without.pooled) : null;
      if (traceFile) await new Promise<void>((resolve, reject) => traceFile.end((e?: Error | null) => (e ? reject(e) : resolve())));
      const rows = [...result.pooled, ...result.baseline];
      writeFileSync(o.report, whatIfHtml(rows, { city: o.osm.replace(/^.*\//, ''), requests: demand.length, seed, capacity: o.capacity, world: describeWorld(world) }, result.serviceLevels));
      if (o.json) {
        const strip = ({ mode: _mode, fleet: _fleet, ...f }: (typeof rows)[number]) => f;
        process.stdout.write(
          `${JSON.stringify({
            osm: o.osm,
            seed,
            requests: demand.length,
            world: { ...world, description: describeWorld(world) },
            fleets: Object.fromEntries(result.pooled.map((r) => [String(r.fleet), strip(r)])),
            ...(o.baseline ? { baseline: Object.fromEntries(result.baseline.map((r) => [String(r.fleet), strip(r)])), poolingRatio: result.poolingRatio } : {}),
            ...(result.serviceLevels.length > 0 ? { serviceLevels: result.serviceLevels } : {}),
            ...(o.trace ? { trace: o.trace } : {}),
            meetingPoints: { mode: o.meetingPoints, points: meetingPoints?.size ?? 0, ...(comparison ? { comparison } : {}) },
            report: o.report,
          })}\n`,
        );
        return;
      }
      process.stdout.write(`world: ${describeWorld(world)}\n\n${kpiTable(rows)}\n\n${outcomesTable(rows)}\n\n${brokenByCauseTable(rows)}\n`);
      if (result.serviceLevels.length > 0) process.stdout.write(`\n${serviceLevelTable(result.serviceLevels)}\n`);
      for (const r of result.pooled) {
        const b = r.offlineBound;
        if (b) process.stdout.write(`fleet ${r.fleet}: offline bound serves ${b.served} of ${b.requests}${b.sampled ? ' (a sample: the first requests by time)' : ''} with ${b.vehicleKm.toFixed(1)} veh-km; live served ${r.served}\n`);
      }
      for (const p of result.poolingRatio) {
        if (p.ratio !== null) process.stdout.write(`fleet ${p.fleet}: vehicle-km per passenger-km, Anystop / baseline = ${p.ratio.toFixed(2)} (served ${p.servedPooled} vs ${p.servedBaseline})\n`);
      }
      if (comparison) process.stdout.write(`\nmeeting points (${meetingPoints?.size ?? 0} candidates) with and without, same demand:\n${meetingPointTable(comparison)}\n`);
      process.stdout.write(`report: ${o.report}\n`);
    });
}
