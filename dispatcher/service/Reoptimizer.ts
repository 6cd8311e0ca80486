import { performance } from 'node:perf_hooks';
import type { LngLat, Router } from '../../routing/Router';
import type { Clock } from '../clock/Clock';
import type { FleetState } from '../fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { ReoptimizeJob } from '../optimizer/ReoptimizeJob';
import { ReoptimizeWorker } from '../optimizer/ReoptimizeWorker';
import { RevisitQueue } from '../optimizer/RevisitQueue';
import { fleetLocations } from '../fleet/compileFleetProblem';
import { usedTableCells } from '../fleet/usedTableCells';
import { ScheduleConflict } from '../persistence/PersistenceError';
import type { Repositories } from '../persistence/Repositories';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { CommitLock } from './CommitGate';
import type { FleetResync } from './FleetResync';


/** Limits of the continuous re-optimization, with their defaults. */
export const REOPTIMIZE_DEFAULTS = Object.freeze({
  /** Pause between two rounds when every plan has been visited since it last changed. */
  intervalMs: 2000,
  /** Least pause between two rounds while plans wait for a visit (the search itself runs off the event loop)... */
  busyPauseMs: 20,
  /**
   * ...and at least this many times the event-loop time the last round took (its neighbours, snapshot and table, the
   * job posted, the commit): at most ~25 % of it.
   */
  eventLoopShareFactor: 3,
  /** Most CPU time one round may search (in the worker thread). */
  budgetMs: 100,
  /** Search iterations per movable trip in the group: small groups stop long before budgetMs. */
  iterationsPerTrip: 10,
  /** Vehicles re-planned together: a seed vehicle and its nearest neighbours. */
  groupSize: 6,
  /** How far around the seed's position and stops neighbours are looked for. */
  neighbourRadiusM: 3000,
  /**
   * Rounds in progress at once while plans wait for a visit: the next round's group (other vehicles) is tabled
   * while the search thread works on the last one, so the thread is not idle through the event loop's pauses.
   */
  roundsInFlight: 2,
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
  private started = false;
  /** Rounds started by the loop and not yet ended. */
  private readonly inProgress = new Set<Promise<unknown>>();
  /** Vehicles held by a round in progress: no other round seeds on them or takes them into its group. */
  private readonly held = new Set<string>();
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
    if (this.started) return;
    this.started = true;
    this.schedule(this.options.busyPauseMs);
  }

  /** Stops the loop, waits for the rounds in progress and ends the search thread. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.inProgress]);
    await this.worker.close();
  }

  /** Pause before the next round: at least busyPauseMs, and eventLoopShareFactor times the event-loop time of the last. */
  private busyPauseMs(): number {
    return Math.max(this.options.busyPauseMs, this.options.eventLoopShareFactor * this.lastLoopMs);
  }

  private schedule(ms: number): void {
    if (!this.started || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.launch();
    }, ms);
  }

  /** Starts a round; while plans wait for a visit, another may follow after the pause before this one ends. */
  private launch(): void {
    const running: Promise<unknown> = this.round()
      .catch((e: unknown) => process.stderr.write(`re-optimization round failed: ${e instanceof Error ? e.message : String(e)}\n`))
      .then(() => {
        this.inProgress.delete(running);
        const dirty = this.anyDirty();
        if (this.inProgress.size === 0 || dirty) this.schedule(dirty ? this.busyPauseMs() : this.options.intervalMs);
      });
    this.inProgress.add(running);
    if (this.inProgress.size < this.options.roundsInFlight && this.anyDirty()) this.schedule(this.busyPauseMs());
  }

  /** Whether any plan waits for a visit (cheaper than dirtyCount() > 0: the loop asks it twice a round). */
  private anyDirty(): boolean {
    return this.revisits.anyDirty(this.deps.fleet.vehicles);
  }

  /** Vehicles whose plan changed since their last visit (or never visited). */
  dirtyCount(): number {
    return this.revisits.dirtyCount(this.deps.fleet.vehicles.values());
  }

  /** One round; `seedVehicleId` picks the group (default: a dirty vehicle, else the next in turn), `budget` fixes its length. */
  async round(seedVehicleId?: string, budget?: { maxIterations: number }): Promise<ReoptimizeRound> {
    const { fleet } = this.deps;
    const seedId = seedVehicleId ?? this.revisits.next(fleet.vehicles, (id) => this.held.has(id));
    const seed = seedId ? fleet.vehicles.get(seedId) : undefined;
    const none: ReoptimizeRound = { seedVehicleId: seedId ?? null, vehicles: 0, improved: false, movedTrips: 0, discarded: false };
    if (!seed || this.held.has(seed.id) || (this.deps.resync?.size ?? 0) > 0) return none;
    if (seed.outOfService) {
      // A broken-down vehicle takes no riders: its neighbours are never re-planned onto it (visited, so not seeded again).
      this.revisits.visited(seed.id, seed.scheduleVersion);
      return none;
    }
    const roundStart = performance.now();
    const group = this.groupAround(seed);
    for (const v of group) this.held.add(v.id);
    try {
      return await this.searchGroup(group, none, budget, roundStart);
    } finally {
      for (const v of group) this.held.delete(v.id);
    }
  }

  /** `roundStart`: when the round began on the event loop (its neighbours' search counts in the loop time too). */
  private async searchGroup(group: FleetVehicle[], none: ReoptimizeRound, budget: { maxIterations: number } | undefined, roundStart: number): Promise<ReoptimizeRound> {
    const { fleet, router, commits } = this.deps;
    const visited = () => {
      for (const v of group) this.revisits.visited(v.id, v.scheduleVersion);
      this.visits += group.length;
    };
    if (group.length === 0 || group.every((v) => v.stops.length <= v.lockedCount)) {
      visited();
      return { ...none, vehicles: group.length };
    }

    // Snapshot: copies of the vehicles and their trips as they are now; the search never sees later changes. Positions
    // and locations are replaced, never written into, so the arrays themselves are kept: the router knows them.
    const snapshot = group.map((v) => ({ ...v, stops: v.stops.map((s) => ({ ...s })) }));
    const locations = new Map<string, LngLat>();
    for (const v of snapshot) for (const s of v.stops) locations.set(`${s.tripId}/${s.kind}`, s.location);
    const versions = new Map(group.map((v) => [v.id, v.scheduleVersion]));
    const byId = new Map(snapshot.map((v) => [v.id, v]));
    const trips = snapshot.flatMap((v) => v.stops.filter((s) => s.kind === 'dropoff').map((s) => fleet.trips.get(s.tripId))).filter((t): t is FleetTrip => t !== undefined);
    const { points, approaches, ...loc } = fleetLocations(snapshot);
    // Only the cells a plan can use (usedTableCells): the search never asks for the others.
    const n = points.length;
    const { rows, cols } = usedTableCells(n, loc);
    const table = await router.table(
      rows.map((i) => points[i]),
      cols.map((i) => points[i]),
      { sourceApproaches: rows.map((i) => approaches[i]), destinationApproaches: cols.map((i) => approaches[i]) },
    );
    // The loop's part so far: the neighbours, the snapshot and the table (for a router over HTTP, its wait as well).
    this.lastLoopMs = performance.now() - roundStart;
    const jobStart = performance.now();
    const durationsS = new Float64Array(n * n).fill(Infinity);
    const distancesM = new Float64Array(n * n).fill(Infinity);
    for (let a = 0; a < n; a++) {
      durationsS[a * n + a] = 0;
      distancesM[a * n + a] = 0;
    }
    rows.forEach((a, r) => {
      cols.forEach((b, c) => {
        durationsS[a * n + b] = table.durationsS[r][c] ?? Infinity;
        distancesM[a * n + b] = table.distancesM[r][c] ?? Infinity;
      });
    });
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
    const searched = this.worker.run(job);
    this.lastLoopMs += performance.now() - jobStart; // the matrix filled and the job posted to the search thread
    const found = await searched;
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
          // The plan came back from the search thread as copies: each stop gets its location array back, the one
          // every table so far was asked with (the router keeps its snap and search spaces by it).
          live.stops = s.stops.map((stop) => {
            const known = locations.get(`${stop.tripId}/${stop.kind}`);
            return known && known[0] === stop.location[0] && known[1] === stop.location[1] ? { ...stop, location: known } : stop;
          });
          live.returnLegS = s.returnLegS;
          live.returnLegM = s.returnLegM;
          live.scheduleVersion = result.versions[s.vehicleId];
          this.revisits.visited(live.id, live.scheduleVersion); // its own re-plan does not make a vehicle dirty
          live.lockedCount = Math.min(live.lockedCount, live.stops.length);
          keepSearchedLegs(live, byId.get(s.vehicleId)!);
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
    const { neighbourRadiusM, groupSize } = this.options;
    const free = (id: string) => id !== seed.id && !this.held.has(id);
    // The nearest dirty vehicles first: long routes' boxes cover most seeds, so the nearest few are the same vehicles
    // round after round, and a round would mostly revisit plans already seen. Where many boxes hold the seed (trips
    // across the city) or few dirty ones are left, the R-tree walk would go through thousands of boxes (7 ms a round
    // at 10,000 vehicles): past WALK_MAX_BOXES it gives up, and the vehicles are measured one by one from a list
    // instead (the dirty ones; for the rest of the group, the fleet). The same vehicles in the same order either way.
    const isFreeDirty = (id: string) => {
      const v = fleet.vehicles.get(id);
      return free(id) && v !== undefined && this.revisits.isDirty(v);
    };
    const dirty =
      fleet.candidatesOrGiveUp(seed.position, neighbourRadiusM, groupSize - 1, isFreeDirty, WALK_MAX_BOXES) ??
      fleet.candidatesAmong(seed.position, neighbourRadiusM, groupSize - 1, this.revisits.dirtyIds(fleet.vehicles.values()), free);
    if (dirty.length >= groupSize - 1) return [seed, ...dirty];
    const taken = new Set(dirty.map((v) => v.id));
    const freeClean = (id: string) => free(id) && !taken.has(id);
    const clean =
      fleet.candidatesOrGiveUp(seed.position, neighbourRadiusM, groupSize - 1 - dirty.length, freeClean, WALK_MAX_BOXES) ??
      fleet.candidatesAmong(seed.position, neighbourRadiusM, groupSize - 1 - dirty.length, fleet.vehicles.keys(), freeClean);
    return [seed, ...dirty, ...clean];
  }
}

/**
 * A re-plan's legs as the search measured them: every stop's leg and the return leg come from the group's table (the
 * same router, asked at the snapshot), so the commit does not route the vehicle again (one route per changed vehicle,
 * with its path unpacked, on the event loop). The first leg counts from where the vehicle was at the snapshot, so the
 * next GPS fix measures it again once the vehicle is FIRST_LEG_RECHECK_M from there (followFirstLeg).
 */
function keepSearchedLegs(live: FleetVehicle, searched: FleetVehicle): void {
  delete live.legsUnknown;
  live.firstLegFrom = { location: searched.position, atS: searched.lastFix?.atS ?? -Infinity, target: live.stops[0] ?? live.depot };
}

/** Boxes the R-tree walk for a round's neighbours meets before it gives up for a list measured one by one. */
const WALK_MAX_BOXES = 256;
