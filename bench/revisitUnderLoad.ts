import type { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { ManualClock } from '../dispatcher/clock/Clock';
import type { FleetState } from '../dispatcher/fleet/FleetState';
import type { ApplySchedulesInput, ApplySchedulesResult } from '../dispatcher/persistence/ScheduleRepository';
import type { DispatchPolicy } from '../dispatcher/fleet/DispatchPolicy';
import { planRequest } from '../dispatcher/requests/planRequest';
import type { RequestDraft } from '../dispatcher/requests/decideRequest';
import { Mutex } from 'async-mutex';
import { Reoptimizer, type ReoptimizerRepos } from '../dispatcher/service/Reoptimizer';

export interface RevisitFigures {
  vehicles: number;
  /** Until every vehicle's plan was visited once (all start dirty), or the cap. */
  revisitS: number;
  complete: boolean;
  /** Vehicles still never visited at the end (0 when complete). */
  remaining: number;
  rounds: number;
  /** Vehicle visits (every member of every round's group): over `vehicles`, how often a plan was seen again. */
  visits: number;
  improved: number;
  /** Requests decided meanwhile, at `rate` per second, latency counted from their arrival. */
  requests: number;
  /** Of those, decided with a vehicle (the decisions are not committed: the fleet stays as built). */
  accepted: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
}

/**
 * The re-optimizer running as in service (worker thread, default limits, dirty vehicles first) over a synthetic
 * fleet, while requests arrive at a fixed rate and are decided on the same event loop. Its commits go to an
 * in-memory schedule store that bumps versions as PostgreSQL would: this measures the search and the event
 * loop, not the database.
 */
export async function revisitUnderLoad(
  router: BuiltinRouter,
  fleet: FleetState,
  policy: DispatchPolicy,
  drafts: readonly RequestDraft[],
  nowS: number,
  o: { rate: number; capS: number },
): Promise<RevisitFigures> {
  let improved = 0;
  const repos: ReoptimizerRepos = {
    schedules: {
      async applySchedules(input: ApplySchedulesInput): Promise<ApplySchedulesResult> {
        improved++;
        const versions: Record<string, number> = {};
        const movedTrips: ApplySchedulesResult['movedTrips'] = [];
        for (const c of input.changes) {
          versions[c.vehicleId] = c.expectedVersion + 1;
          for (const s of c.stops) {
            const trip = fleet.trips.get(s.tripId);
            if (s.kind === 'dropoff' && trip && trip.vehicleId !== c.vehicleId) movedTrips.push({ tripId: s.tripId, fromVehicleId: trip.vehicleId, toVehicleId: c.vehicleId });
          }
        }
        return { versions, movedTrips, events: [] };
      },
    },
  };
  const mutex = new Mutex();
  const reoptimizer = new Reoptimizer({ fleet, router, repos, policy, clock: new ManualClock(nowS), commits: { run: (section) => mutex.runExclusive(section) } });
  const latencies: number[] = [];
  let accepted = 0;
  const t0 = performance.now();
  reoptimizer.start();
  let k = 0;
  let inFlight = Promise.resolve();
  const gapMs = 1000 / o.rate;
  while (reoptimizer.dirtyCount() > 0 && performance.now() - t0 < o.capS * 1000) {
    const arrival = t0 + k * gapMs;
    const wait = arrival - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const draft = drafts[k % drafts.length];
    k++;
    // Requests queue behind each other as on one dispatcher: each waits for the previous one to finish.
    inFlight = inFlight.then(async () => {
      if ((await planRequest(router, fleet, draft, nowS, policy)).ok) accepted++;
      latencies.push(performance.now() - arrival);
    });
  }
  await inFlight;
  const revisitS = (performance.now() - t0) / 1000;
  const remaining = reoptimizer.dirtyCount();
  const complete = remaining === 0;
  await reoptimizer.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return {
    vehicles: fleet.vehicles.size,
    revisitS,
    complete,
    remaining,
    rounds: reoptimizer.rounds,
    visits: reoptimizer.visits,
    improved,
    requests: latencies.length,
    accepted,
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
    latencyMaxMs: sorted[sorted.length - 1] ?? NaN,
  };
}
