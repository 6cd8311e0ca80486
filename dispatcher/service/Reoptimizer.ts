import { performance } from 'node:perf_hooks';
import type { Router } from '../../routing/Router';
import type { Clock } from '../clock/Clock';
import type { FleetState } from '../fleet/FleetState';
import type { FleetVehicle } from '../fleet/FleetModel';
import { DenseTravelTimes } from '../insertion/TravelTimes';
import { reoptimizeFleet } from '../optimizer/reoptimizeFleet';
import { fleetLocations } from '../fleet/compileFleetProblem';
import { ScheduleConflict } from '../persistence/PersistenceError';
import type { Repositories } from '../persistence/Repositories';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { CommitLock } from './CommitGate';
import type { FleetResync } from './FleetResync';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';

/** Limits of the continuous re-optimization, with their defaults. */
export const REOPTIMIZE_DEFAULTS = Object.freeze({
  /** Pause between two rounds. */
  intervalMs: 2000,
  /** CPU time one round may search. */
  budgetMs: 150,
  /** Vehicles re-planned together: a seed vehicle and its nearest neighbours. */
  groupSize: 6,
  /** How far around the seed's position and stops neighbours are looked for. */
  neighbourRadiusM: 3000,
});

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

/**
 * Keeps improving the fleet's plan: each round takes a seed vehicle (round robin) and its neighbours from
 * the R-tree, searches a better plan for their not-yet-picked-up trips on a snapshot, and applies it through
 * the same path as every change: version check, one transaction, events; then the in-memory fleet.
 */
export class Reoptimizer {
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private running: Promise<unknown> = Promise.resolve();
  rounds = 0;

  constructor(
    private readonly deps: {
      fleet: FleetState;
      router: Router;
      repos: Repositories;
      policy: DispatchPolicy;
      clock: Clock;
      commits: CommitLock;
      onCommitted?: () => void;
      /** Vehicles whose cache may be stale: no round while any wait, and an unsure commit adds its vehicles. */
      resync?: Pick<FleetResync, 'size' | 'mark'>;
    },
    private readonly options: typeof REOPTIMIZE_DEFAULTS = REOPTIMIZE_DEFAULTS,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.round().catch((e: unknown) => process.stderr.write(`re-optimization round failed: ${e instanceof Error ? e.message : String(e)}\n`));
      void this.running.then(() => {
        if (this.timer) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    this.timer = setTimeout(tick, this.options.intervalMs);
  }

  /** Stops the loop and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round; `seedVehicleId` picks the group (default: the next vehicle in turn), `budget` fixes its length. */
  async round(seedVehicleId?: string, budget?: { maxIterations: number }): Promise<ReoptimizeRound> {
    const { fleet, router, repos, policy, clock, commits } = this.deps;
    const ids = [...fleet.vehicles.keys()].sort();
    const seedId = seedVehicleId ?? ids[this.next++ % Math.max(1, ids.length)];
    const seed = seedId ? fleet.vehicles.get(seedId) : undefined;
    const none: ReoptimizeRound = { seedVehicleId: seedId ?? null, vehicles: 0, improved: false, movedTrips: 0, discarded: false };
    if (!seed || (this.deps.resync?.size ?? 0) > 0) return none;
    const group = this.groupAround(seed);
    if (group.length === 0 || group.every((v) => v.stops.length <= v.lockedCount)) return { ...none, vehicles: group.length };

    // Snapshot: copies of the vehicles as they are now; the search never sees later changes.
    const snapshot = group.map((v) => ({ ...v, stops: v.stops.map((s) => ({ ...s })) }));
    const { points, ...loc } = fleetLocations(snapshot);
    const table = await router.table(points, points);
    const n = points.length;
    const dur = new Float64Array(n * n);
    const dist = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        dur[a * n + b] = table.durationsS[a][b] ?? Infinity;
        dist[a * n + b] = table.distancesM[a][b] ?? Infinity;
      }
    }
    this.rounds++;
    const found = reoptimizeFleet(snapshot, fleet.trips, loc, new DenseTravelTimes(n, dur, dist), policy, clock.nowS(), {
      // An iteration budget makes a round repeatable (simulations); the time budget bounds CPU in service.
      ...(budget ? { maxIterations: budget.maxIterations } : { timeLimitMs: this.options.budgetMs, now: () => performance.now() }),
      seed: this.rounds,
    });
    if (!found || found.schedules.length === 0) return { ...none, vehicles: group.length };

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
          live.lockedCount = Math.min(live.lockedCount, live.stops.length);
          await refreshLegsIfRoutable(router, live);
          fleet.putVehicle(live);
        }
        for (const m of result.movedTrips) {
          const trip = fleet.trips.get(m.tripId);
          if (trip) trip.vehicleId = m.toVehicleId;
        }
        this.deps.onCommitted?.();
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
    const near = fleet.candidates(seed.position, this.options.neighbourRadiusM, this.options.groupSize);
    return [seed, ...near.filter((v) => v.id !== seed.id)].slice(0, this.options.groupSize);
  }
}
