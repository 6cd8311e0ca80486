import type { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import type { LngLat } from '../../routing/Router';
import { ManualClock } from '../../dispatcher/clock/Clock';
import { openScratchDatabase } from '../../dispatcher/persistence/openScratchDatabase';
import { VEHICLE_REPOSITIONED } from '../../dispatcher/persistence/RebalancingRepository';
import { DEFAULT_POLICY, policyForNetwork, type DispatchMode, type DispatchPolicy } from '../../dispatcher/fleet/DispatchPolicy';
import type { EventRecord } from '../../dispatcher/persistence/records';
import type { DecisionTrace } from '../../dispatcher/requests/DecisionTrace';
import { startServer } from '../../dispatcher/service/startServer';
import type { MeetingPointSet } from '../../dispatcher/meetingPoints/MeetingPointSet';
import type { PlannerMetrics } from '../../protocol/metrics';
import type { DemandTrip } from '../demand/DemandTrip';
import { WsDriverLink } from '../agents/WsDriverLink';
import type { DriverBehaviour } from '../agents/SimulatedVehicle';
import { type EventKpis, kpisFromEvents } from '../kpi/kpisFromEvents';
import { runSimulation } from '../Simulation';
import { SimulatedWorld } from '../world/SimulatedWorld';
import type { WorldConfig } from '../world/WorldConfig';

export interface ScenarioOptions {
  router: BuiltinRouter;
  demand: readonly DemandTrip[];
  fleet: number;
  capacity: number;
  mode: DispatchMode;
  seed: number;
  startS: number;
  durationS: number;
  speedup: number;
  /** Vehicle start positions (depots), drawn by the caller from the same seed for every run. */
  depots: LngLat[];
  /** PostgreSQL server for scratch databases; omitted: embedded PGlite. */
  serverUrl?: string;
  reoptimizeEveryS?: number;
  /** Service levels and weights the planner set (max wait, ride factor, promised window...); default DEFAULT_POLICY. */
  policy?: Partial<Omit<DispatchPolicy, 'mode' | 'trace'>>;
  /** How the simulated drivers behave (dwell, GPS rate); default DEFAULT_DRIVER. */
  driver?: DriverBehaviour;
  /** Receives every decision with its candidates (`simulate --trace`). */
  trace?: DecisionTrace;
  /** The city the vehicles drive in; omitted: the plan's own world (the router's times, fixed dwell). */
  world?: WorldConfig;
  /** Candidate meeting points the dispatcher may propose (with the policy's meetingPoints flag); absent: none. */
  meetingPoints?: MeetingPointSet;
  /**
   * Requests of earlier days (pastDemand[0] the day before, [1] two days before...), times after the same time of
   * day as `startS`: stored in the scratch database before the run, as the rebalancer's demand history.
   */
  pastDemand?: ReadonlyArray<readonly DemandTrip[]>;
  onProgress?: (message: string) => void;
}

export interface ScenarioResult {
  mode: DispatchMode;
  fleet: number;
  metrics: PlannerMetrics;
  fromEvents: EventKpis;
  vehicleKm: number;
  passengerKm: number;
  simulatedS: number;
  /** Share of vehicle-time with nothing planned while the requests came in. */
  idleShare: number;
  /** Repositions the rebalancer sent (vehicle_repositioned events). */
  repositions: number;
  /** The run's whole event log (what the KPIs were computed from), for a closer look (benches, traces). */
  events: readonly EventRecord[];
}

/** One what-if run: a scratch database, the real dispatcher on a stepped clock, the simulated city, its KPIs. */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const clock = new ManualClock(o.startS);
  const database = await openScratchDatabase(o.serverUrl, o.onProgress);
  const running = await startServer({
    router: o.router,
    clock,
    port: 0,
    host: '127.0.0.1',
    database,
    // The simulated fleet works the whole simulated day (up to 24 h plus the drain): its shifts may be that long.
    policy: { ...policyForNetwork(o.router), ...o.policy, mode: o.mode, maxShiftS: Math.max(DEFAULT_POLICY.maxShiftS, o.durationS + 4 * 3600), ...(o.trace ? { trace: o.trace } : {}) },
    reoptimize: false,
    ...(o.meetingPoints ? { meetingPoints: o.meetingPoints } : {}),
  });
  try {
    const past = (o.pastDemand ?? []).flatMap((day, k) =>
      day.map((t, i) => ({ id: `past-${k + 1}-${i}`, riderId: `past-rider-${k + 1}-${i}`, origin: t.origin, destination: t.destination, passengers: t.passengers, requestedPickupAtS: o.startS - (k + 1) * 86400 + t.requestedAtS })),
    );
    if (past.length > 0) {
      if (!running.database.repos.rebalancing) throw new Error('runScenario: past demand needs the rebalancing repository');
      await running.database.repos.rebalancing.importPastRequests(past);
    }
    const reoptEvery = o.reoptimizeEveryS ?? 30;
  const drainS = 2 * 3600;
  // Incidents happen where people go: at the depots and the requests' ends.
  const places = [...o.depots, ...o.demand.flatMap((d) => [d.origin, d.destination])];
  const world = o.world ? SimulatedWorld.create(o.world, o.startS, o.startS + o.durationS + drainS, places) : undefined;
    const result = await runSimulation({
      baseUrl: running.url,
      router: o.router,
      connectDriver: (id, token) => WsDriverLink.connect(running.url, id, token),
      tokens: running.auth.issuer!,
      setTime: (t) => clock.set(t),
      startS: o.startS,
      durationS: o.durationS,
      drainS,
      stepS: 1,
      speedup: o.speedup,
      seed: o.seed,
      vehicles: { count: o.fleet, seats: o.capacity, wheelchairPlaces: 1, positions: o.depots, shiftS: o.durationS + 4 * 3600 },
      demand: o.demand,
      ...(o.driver ? { driver: o.driver } : {}),
      ...(world ? { world } : {}),
      sampleEtas: true,
      periodic:
        o.mode === 'pooled'
          ? {
              everyS: reoptEvery,
              run: async () => {
                await running.dispatcher.reoptimizer.round(undefined, { maxIterations: 200 });
                // A pass every policy.rebalanceEveryS of simulated time (a no-op unless policy.rebalance).
                await running.dispatcher.rebalancer?.tick();
              },
            }
          : undefined,
      settle: () => running.settled(),
      onProgress: (now, end) => {
        if ((now - o.startS) % 300 === 0) o.onProgress?.(`${o.mode} fleet ${o.fleet}: ${Math.round((now - o.startS) / 60)} of ≤${Math.round((end - o.startS) / 60)} simulated minutes`);
      },
    });
    await running.dispatcher.positions.flush(); // GPS is written behind; the metrics read it
    const metrics = await running.dispatcher.metrics({ fromS: o.startS - 1, toS: result.endS + 1 });
    const events = await running.database.repos.events.listAfter(0, 1_000_000);
    return {
      mode: o.mode,
      fleet: o.fleet,
      metrics,
      fromEvents: kpisFromEvents(events, result.etas),
      vehicleKm: result.vehicleM / 1000,
      passengerKm: metrics.passengerKm ?? 0,
      simulatedS: result.endS - o.startS,
      idleShare: result.idleShare,
      repositions: events.filter((e) => e.type === VEHICLE_REPOSITIONED).length,
      events,
    };
  } finally {
    await running.stop();
  }
}
