import type { Clock } from '../clock/Clock';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetState } from '../fleet/FleetState';
import type { RebalancingRepository } from '../persistence/RebalancingRepository';
import type { ChangeFeed } from '../realtime/ChangeFeed';
import { demandCells } from '../rebalancing/demandCells';
import { type IdleVehicle, planRebalancing, type Reposition } from '../rebalancing/planRebalancing';

/** Real-time pause between two checks of the service's loop (a pass runs only every policy.rebalanceEveryS). */
export const REBALANCE_CHECK_MS = 5000;

/**
 * Sends idle vehicles toward expected demand (policy.rebalance): every `rebalanceEveryS` it reads the pickups of the
 * coming hour on past days, plans which idle vehicles move where (planRebalancing, pure), logs each move as a
 * `vehicle_repositioned` event (which pushes the driver a manifest with `repositionTo`) and marks the vehicle. A move
 * is void once the vehicle's schedule changes, so a new rider always comes first. Thin: the decision is
 * dispatcher/rebalancing/.
 */
export class Rebalancer {
  private lastPassS = -Infinity;
  /** When each vehicle was first seen idle at its current schedule version. */
  private readonly idleSince = new Map<string, { version: number; sinceS: number }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  passes = 0;
  moves = 0;

  constructor(
    private readonly deps: { fleet: FleetState; repo: RebalancingRepository; policy: DispatchPolicy; clock: Clock; changes: ChangeFeed; referenceLat: number },
  ) {}

  start(): void {
    if (this.timer || !this.deps.policy.rebalance) return;
    this.timer = setInterval(() => {
      this.running = this.tick().catch((e: unknown) => process.stderr.write(`rebalancing failed: ${e instanceof Error ? e.message : String(e)}\n`));
    }, REBALANCE_CHECK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass if policy.rebalance is on and rebalanceEveryS has gone by since the last; the moves sent. */
  async tick(): Promise<Reposition[]> {
    const { fleet, policy, clock, repo } = this.deps;
    const now = clock.nowS();
    const idle = this.idleVehicles(now);
    if (!policy.rebalance || now - this.lastPassS < policy.rebalanceEveryS) return [];
    this.lastPassS = now;
    this.passes++;
    if (idle.length === 0) return [];
    const past = await repo.pastPickups(now, policy.rebalanceWindowS, policy.rebalancePastDays);
    const cells = demandCells(past, { cellM: policy.rebalanceCellM, days: policy.rebalancePastDays, windowS: policy.rebalanceWindowS, referenceLat: this.deps.referenceLat });
    const moves = planRebalancing(idle, cells, now, {
      cellM: policy.rebalanceCellM,
      referenceLat: this.deps.referenceLat,
      minIdleS: policy.rebalanceMinIdleS,
      maxMoveM: policy.rebalanceMaxMoveM,
      minExpectedPerHour: policy.rebalanceMinPerHour,
    }).filter((m) => {
      // Already on its way there: nothing new to send.
      const r = fleet.vehicles.get(m.vehicleId)?.reposition;
      return !(r && r.to[0] === m.to[0] && r.to[1] === m.to[1]);
    });
    if (moves.length === 0) return [];
    await repo.recordRepositions(now, moves);
    for (const m of moves) {
      const v = fleet.vehicles.get(m.vehicleId);
      // A rider came in meanwhile: the move is void (its event stays in the log as sent).
      if (v && v.stops.length === 0) v.reposition = { to: m.to, scheduleVersion: v.scheduleVersion };
    }
    this.moves += moves.length;
    this.deps.changes.emit('committed');
    return moves;
  }

  /** The fleet's idle vehicles where they will stand: a vehicle on its way to a cell counts there already. */
  private idleVehicles(now: number): IdleVehicle[] {
    const out: IdleVehicle[] = [];
    const seen = new Set<string>();
    for (const v of this.deps.fleet.vehicles.values()) {
      if (v.stops.length > 0 || v.offNetwork) continue;
      seen.add(v.id);
      let since = this.idleSince.get(v.id);
      if (!since || since.version !== v.scheduleVersion) this.idleSince.set(v.id, (since = { version: v.scheduleVersion, sinceS: now }));
      const heading = v.reposition && v.reposition.scheduleVersion === v.scheduleVersion ? v.reposition.to : null;
      out.push({ id: v.id, position: heading ?? v.position, idleSinceS: since.sinceS });
    }
    for (const id of this.idleSince.keys()) if (!seen.has(id)) this.idleSince.delete(id);
    return out;
  }
}
