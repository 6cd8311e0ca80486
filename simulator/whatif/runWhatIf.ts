import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import type { LngLat } from '../../routing/Router';
import { DEFAULT_POLICY, type DispatchPolicy } from '../../dispatcher/fleet/DispatchPolicy';
import type { DecisionRecord } from '../../dispatcher/requests/DecisionTrace';
import type { DispatchMode } from '../../dispatcher/fleet/DispatchPolicy';
import type { DemandTrip } from '../demand/DemandTrip';
import type { DriverBehaviour } from '../agents/SimulatedVehicle';
import { generateDemand } from '../demand/generateDemand';
import { offlineBound } from './offlineBound';
import { runScenario } from './runScenario';
import type { WorldConfig } from '../world/WorldConfig';
import type { MeetingPointSet } from '../../dispatcher/meetingPoints/MeetingPointSet';
import { type FleetFigures, fleetFigures, type ServiceLevelPoint, vehicleKmPerPassengerKm } from './whatIfReport';

export interface WhatIfOptions {
  router: BuiltinRouter;
  demand: readonly DemandTrip[];
  fleets: number[];
  capacity: number;
  speedup: number;
  seed: number;
  startS: number;
  durationS: number;
  /** Also run the no-pooling, nearest-idle-vehicle baseline on the same demand and depots. */
  baseline: boolean;
  /** Service levels the planner set (max wait, ride factor, promised window); the rest from DEFAULT_POLICY. */
  policy?: Partial<Omit<DispatchPolicy, 'mode' | 'trace'>>;
  /** Compute the perfect-information bound per fleet size, with this search time each (ms); omitted: not computed. */
  offlineBoundMs?: number;
  /** Promised pickup window widths (seconds) to run Anystop with at the largest fleet: the service-level curve. */
  windowWidthsS?: number[];
  /** Every decision of every run, with its candidates (`--trace`). */
  trace?: (record: DecisionRecord & { mode: DispatchMode; fleet: number; windowS?: number }) => void;
  /** How the simulated drivers behave (dwell, GPS rate); default DEFAULT_DRIVER. */
  driver?: DriverBehaviour;
  serverUrl?: string;
  /** The city the vehicles drive in; omitted: the plan's own world. */
  world?: WorldConfig;
  /**
   * Also run every Anystop fleet with `reactToRisk` off (the same seeded world and demand) and report the share of
   * trips that would have been late had nothing been re-planned.
   */
  counterfactual?: boolean;
  /** Candidate meeting points the dispatcher may propose (policy.meetingPoints switches them); absent: none. */
  meetingPoints?: MeetingPointSet;
  onProgress?: (m: string) => void;
}

export interface WhatIfResult {
  pooled: FleetFigures[];
  baseline: FleetFigures[];
  /** Per fleet size: Anystop's vehicle-km per passenger-km over the baseline's (below 1: pooling pays). */
  poolingRatio: Array<{ fleet: number; ratio: number | null; servedPooled: number; servedBaseline: number }>;
  /** Served share and veh-km against the promised window width (empty unless asked). */
  serviceLevels: ServiceLevelPoint[];
}

/** How long vehicles stay on shift past the end of the requests (as in runScenario). */
const SHIFT_TAIL_S = 4 * 3600;

/** The promised window of a given width: a fifth of it before the planned pickup, the rest after (as the defaults). */
export function windowOfWidth(widthS: number): Pick<DispatchPolicy, 'promiseBeforeS' | 'promiseAfterS'> {
  const before = Math.round(widthS / 5);
  return { promiseBeforeS: before, promiseAfterS: widthS - before };
}

/** The same demand against several fleet sizes (and, if asked, the baseline), one fresh database per run. */
export async function runWhatIf(o: WhatIfOptions): Promise<WhatIfResult> {
  const depots = depotsFor(o.router, Math.max(...o.fleets), o.seed);
  const pooled: FleetFigures[] = [];
  const baseline: FleetFigures[] = [];
  const policy = { ...DEFAULT_POLICY, ...o.policy };
  for (const fleet of o.fleets) {
    for (const mode of o.baseline ? (['pooled', 'nearestIdle'] as const) : (['pooled'] as const)) {
      o.onProgress?.(`running ${mode === 'pooled' ? 'Anystop' : 'baseline'} with ${fleet} vehicles…`);
      const trace = o.trace ? (r: DecisionRecord) => o.trace!({ ...r, mode, fleet }) : undefined;
      const result = await runScenario({ ...o, fleet, mode, depots, demand: o.demand, policy: o.policy, trace, onProgress: o.onProgress });
      (mode === 'pooled' ? pooled : baseline).push(fleetFigures(result));
    }
    if (o.counterfactual) {
      o.onProgress?.(`running Anystop with ${fleet} vehicles and no reaction to risk (the would-have-been-late share)…`);
      const still = await runScenario({ ...o, fleet, mode: 'pooled', depots, demand: o.demand, policy: { ...o.policy, reactToRisk: false }, trace: undefined, onProgress: o.onProgress });
      pooled[pooled.length - 1].wouldHaveBeenLateShare = still.fromEvents.lateShare;
    }
    if (o.offlineBoundMs !== undefined) {
      o.onProgress?.(`offline bound with ${fleet} vehicles (${Math.round(o.offlineBoundMs / 1000)} s of search)…`);
      pooled[pooled.length - 1].offlineBound = await offlineBound({
        router: o.router,
        demand: o.demand,
        depots,
        fleet,
        capacity: o.capacity,
        startS: o.startS,
        shiftS: o.durationS + SHIFT_TAIL_S,
        policy,
        seed: o.seed,
        timeLimitMs: o.offlineBoundMs,
      });
    }
  }
  const serviceLevels: ServiceLevelPoint[] = [];
  const curveFleet = Math.max(...o.fleets);
  for (const windowS of o.windowWidthsS ?? []) {
    o.onProgress?.(`service level: ${Math.round(windowS / 60)}-minute pickup window, ${curveFleet} vehicles…`);
    const trace = o.trace ? (r: DecisionRecord) => o.trace!({ ...r, mode: 'pooled', fleet: curveFleet, windowS }) : undefined;
    const result = await runScenario({ ...o, fleet: curveFleet, mode: 'pooled', depots, demand: o.demand, policy: { ...o.policy, ...windowOfWidth(windowS) }, trace, onProgress: o.onProgress });
    const f = fleetFigures(result);
    serviceLevels.push({ windowS, fleet: curveFleet, servedShare: f.servedShare, vehicleKm: f.vehicleKm, meanWaitS: f.meanWaitS, brokenPromises: f.brokenPromises });
  }
  const poolingRatio = pooled.map((p) => {
    const b = baseline.find((x) => x.fleet === p.fleet);
    const a = vehicleKmPerPassengerKm(p);
    const z = b ? vehicleKmPerPassengerKm(b) : null;
    return { fleet: p.fleet, ratio: a !== null && z !== null && z > 0 ? a / z : null, servedPooled: p.served, servedBaseline: b?.served ?? 0 };
  });
  return { pooled, baseline, poolingRatio, serviceLevels };
}

/** Vehicle start points: seeded points on the road network, the same for every run of one what-if. */
export function depotsFor(router: BuiltinRouter, count: number, seed: number): LngLat[] {
  const spots = generateDemand(router.network, { seed: seed + 1000, peakTripsPerHour: 3600 * 4, durationS: Math.max(60, count), startOfDayS: 8 * 3600, minTripM: 0 });
  return spots.slice(0, count).map((t) => t.origin);
}
