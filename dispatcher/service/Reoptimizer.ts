import { performance } from 'node:perf_hooks';
import type { LngLat, Router } from '../../routing/Router';
import type { Clock } from '../clock/Clock';
import type { FleetState } from '../fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { ReoptimizeJob } from '../optimizer/ReoptimizeJob';
import { ReoptimizeWorker } from '../optimizer/ReoptimizeWorker';
import { RevisitQueue } from '../optimizer/RevisitQueue';
import { fleetLocations } from '../fleet/compileFleetProblem';
import { sameApproaches } from '../fleet/stopApproaches';
import { ScheduleConflict } from '../persistence/PersistenceError';
import type { Repositories } from '../persistence/Repositories';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { CommitLock } from './CommitGate';
import type { FleetResync } from './FleetResync';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';

/** Limits of the continuous re-optimization, with their defaults. */
export const REOPTIMIZE_DEFAULTS = Object.freeze({
  /** Pause between two rounds when every plan has been visited since it last changed. */
  intervalMs: 2000,
  /** Least pause between two rounds while plans wait for a visit (the search itself runs off the event loop)... */
  busyPauseMs: 20,
  /** ...and at least this many times the event-loop time the last round took (table, commit): at most ~25 % of it. */
  eventLoopShareFactor: 3,
  /** Most CPU time one round may search (in the worker thread). */
  budgetMs: 100,
  /** Search iterations per movable trip in the group: small groups stop long before budgetMs. */
  iterationsPerTrip: 10,
  /** Vehicles re-planned together: a seed vehicle and its nearest neighbours. */
  groupSize: 6,
  /** How far around the seed's position and stops neighbours are looked for. */
  neighbourRadiusM: 3000,
});

export type ReoptimizeOptions = { readonly [K in keyof typeof REOPTIMIZE_DEFAULTS]: number };

export interface ReoptimizeRound {
  seedVehicleId: string | null;
  vehicles: number;
  improved: boolean;
  costBefore?: number;
  costAfter?: number;
  movedTrips: number;
  /** The plan changed under the search (a new trip, a stop event): discarded, never merged. */
  discarded: boolean;
}

/** What the re-optimizer needs from the repositories: the one transaction that applies a re-plan. */
export type ReoptimizerRepos = { schedules: Pick<Repositories['schedules'], 'applySchedules'> };

/**
 * Keeps improving the fleet's plan: each round takes a seed vehicle and its neighbours from the R-tree,
 * searches a better plan for their not-yet-picked-up trips on a snapshot in a worker thread, and applies it
 * through the same path as every change: version check, one transaction, events; then the in-memory fleet.
 *
 * Seeds come from a dirty set first: a vehicle whose schedule version moved since its last visit (or that was
 * never visited) is seeded before any other, so every changed plan is revisited quickly; with none dirty the
 * rounds go round robin at `intervalMs`.
 */
export class Reoptimizer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly revisits = new RevisitQueue();
  private readonly worker = new ReoptimizeWorker();
  rounds = 0;
  /** Event-loop time of the last round (table call, commit), which paces the next one. */
  private lastLoopMs = 0;
  /** Vehicle visits so far (every member of every round's group counts). */
  visits = 0;

  constructor(
    private readonly deps: {
      fleet: FleetState;
      router: Router;
      repos: ReoptimizerRepos;
      policy: DispatchPolicy;
      clock: Clock;
      commits: CommitLock;
      onCommitted?: () => void;
      /** Vehicles whose cache may be stale: no round while any wait, and an unsure commit adds its vehicles. */
      resync?: Pick<FleetResync, 'size' | 'mark'>;
    },
    private readonly options: ReoptimizeOptions = REOPTIMIZE_DEFAULTS,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.round().catch((e: unknown) => process.stderr.write(`re-optimization round failed: ${e instanceof Error ? e.message : String(e)}\n`));
      void this.running.then(() => {
        const busy = Math.max(this.options.busyPauseMs, this.options.eventLoopShareFactor * this.lastLoopMs);
        if (this.timer) this.timer = setTimeout(tick, this.dirtyCount() > 0 ? busy : this.options.intervalMs);
      });
    };
    this.timer = setTimeout(tick, this.options.busyPauseMs);
  }

  /** Stops the loop, waits for a round in progress and ends the search thread. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.worker.close();
  }

  /** Vehicles whose plan changed since their last visit (or never visited). */
  dirtyCount(): number {
    return this.revisits.dirtyCount(this.deps.fleet.vehicles.values());
  }

  /** One round; `seedVehicleId` picks the group (default: a dirty vehicle, else the next in turn), `budget` fixes its length. */
  async round(seedVehicleId?: string, budget?: { maxIterations: number }): Promise<ReoptimizeRound> {
    const { fleet, router, commits } = this.deps;
    const seedId = seedVehicleId ?? this.revisits.next(fleet.vehicles);
    const seed = seedId ? fleet.vehicles.get(seedId) : undefined;
    const none: ReoptimizeRound = { seedVehicleId: seedId ?? null, vehicles: 0, improved: false, movedTrips: 0, discarded: false };
    if (!seed || (this.deps.resync?.size ?? 0) > 0) return none;
    if (seed.outOfService) {
      // A broken-down vehicle takes no riders: its neighbours are never re-planned onto it (visited, so not seeded again).
      this.revisits.visited(seed.id, seed.scheduleVersion);
      return none;
    }
    const group = this.groupAround(seed);
    const visited = () => {
      for (const v of group) this.revisits.visited(v.id, v.scheduleVersion);
      this.visits += group.length;
    };
    if (group.length === 0 || group.every((v) => v.stops.length <= v.lockedCount)) {
      visited();
      return { ...none, vehicles: group.length };
    }

    // Snapshot: copies of the vehicles and their trips as they are now; the search never sees later changes.
    const snapshot = group.map((v) => ({ ...v, position: [...v.position] as LngLat, stops: v.stops.map((s) => ({ ...s })) }));
    const versions = new Map(group.map((v) => [v.id, v.scheduleVersion]));
    const trips = snapshot.flatMap((v) => v.stops.filter((s) => s.kind === 'dropoff').map((s) => fleet.trips.get(s.tripId))).filter((t): t is FleetTrip => t !== undefined);
    const { points, approaches, ...loc } = fleetLocations(snapshot);
    const tableStart = performance.now();
    const table = await router.table(points, points, sameApproaches(approaches));
    this.lastLoopMs = performance.now() - tableStart;
    const n = points.length;
    const durationsS = new Float64Array(n * n);
    const distancesM = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        durationsS[a * n + b] = table.durationsS[a][b] ?? Infinity;
        distancesM[a * n + b] = table.distancesM[a][b] ?? Infinity;
      }
    }
    this.rounds++;
    const movable = snapshot.reduce((k, v) => k + Math.max(0, v.stops.length - v.lockedCount), 0);
    const job: ReoptimizeJob = {
      vehicles: snapshot,
      trips: trips.map((t) => ({ ...t })),
      loc,
      size: n,
      durationsS,
      distancesM,
      policy: this.deps.policy,
      nowS: this.deps.clock.nowS(),
      search: budget
        ? { maxIterations: budget.maxIterations, seed: this.rounds }
        : { timeLimitMs: this.options.budgetMs, maxIterations: Math.max(50, movable * this.options.iterationsPerTrip), seed: this.rounds },
    };
    const found = await this.worker.run(job);
    // A visit counts at the version searched: a change meanwhile leaves the vehicle dirty for another visit.
    for (const v of group) this.revisits.visited(v.id, versions.get(v.id)!);
    this.visits += group.length;
    if (!found || found.schedules.length === 0) return { ...none, vehicles: group.length };
    const { repos, clock } = this.deps;

    const commitStart = performance.now();
    return commits.run(async () => {
      // A change since the snapshot (new trip, stop event) moved a version on: discard, never merge.
      const stale = found.schedules.some((s) => fleet.vehicles.get(s.vehicleId)?.scheduleVersion !== s.expectedVersion);
      if (stale) return { ...none, vehicles: group.length, discarded: true };
      const atS = clock.nowS();
      try {
        const result = await repos.schedules.applySchedules({
          changes: found.schedules.map((s) => ({
            vehicleId: s.vehicleId,
            expectedVersion: s.expectedVersion,
            stops: s.stops.map(({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS })),
          })),
          events: [{ type: 'reoptimized', payload: { costBefore: found.costBefore, costAfter: found.costAfter, vehicles: found.schedules.length } }],
          atS,
        });
        for (const s of found.schedules) {
          const live = fleet.vehicles.get(s.vehicleId)!;
          live.stops = s.stops;
          live.returnLegS = s.returnLegS;
          live.returnLegM = s.returnLegM;
          live.scheduleVersion = result.versions[s.vehicleId];
          this.revisits.visited(live.id, live.scheduleVersion); // its own re-plan does not make a vehicle dirty
          live.lockedCount = Math.min(live.lockedCount, live.stops.length);
          await refreshLegsIfRoutable(router, live);
          fleet.putVehicle(live);
        }
        for (const m of result.movedTrips) {
          const trip = fleet.trips.get(m.tripId);
          if (trip) trip.vehicleId = m.toVehicleId;
        }
        this.deps.onCommitted?.();
        this.lastLoopMs += performance.now() - commitStart;
        return { ...none, vehicles: group.length, improved: true, costBefore: found.costBefore, costAfter: found.costAfter, movedTrips: result.movedTrips.length };
      } catch (e) {
        if (e instanceof ScheduleConflict) return { ...none, vehicles: group.length, discarded: true };
        // The commit's answer was lost (or the cache update failed): read the group back before planning on it.
        this.deps.resync?.mark(found.schedules.map((s) => s.vehicleId));
        throw e;
      }
    });
  }

  private groupAround(seed: FleetVehicle): FleetVehicle[] {
    const { fleet } = this.deps;
    // Among the nearest few, the dirty ones first: a round then revisits as many changed plans as it can.
    const near = fleet.candidates(seed.position, this.options.neighbourRadiusM, 3 * this.options.groupSize).filter((v) => v.id !== seed.id);
    const dirty = near.filter((v) => this.revisits.isDirty(v));
    const clean = near.filter((v) => !this.revisits.isDirty(v));
    return [seed, ...dirty, ...clean].slice(0, this.options.groupSize);
  }
}
