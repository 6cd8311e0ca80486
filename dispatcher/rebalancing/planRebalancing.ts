import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import { cellKeyOf, type DemandCell } from './demandCells';

/** An idle vehicle the rebalancer may move: where it stands and since when it has had nothing to do. */
export interface IdleVehicle {
  id: string;
  position: LngLat;
  idleSinceS: number;
}

/** Send `vehicleId` toward `to`, the center of cell `cellKey`. */
export interface Reposition {
  vehicleId: string;
  to: LngLat;
  cellKey: string;
  distanceM: number;
}

export interface RebalancingLimits {
  cellM: number;
  referenceLat: number;
  /** A vehicle idle for less than this stays: it has just dropped a rider off where the next one may well call. */
  minIdleS: number;
  /** Farthest a vehicle is sent (straight line, m): past it, the drive costs more than waiting where it is. */
  maxMoveM: number;
  /** A cell gets vehicles only when it expects at least this many pickups an hour (a single past trip is noise). */
  minExpectedPerHour: number;
}

/**
 * Which idle vehicles move where (pure), as FleetPy's and MATSim's demand-based rebalancing do: the idle vehicles are
 * shared out over the cells in proportion to their expected demand (largest remainder), the cells already holding
 * their share keep their vehicles, and each cell still short takes the nearest idle vehicle from a cell holding more
 * than its share, busiest cell first, nearer than `maxMoveM`. Vehicles idle for less than `minIdleS` neither move nor
 * count as surplus. Deterministic: same input, same moves.
 */
export function planRebalancing(idle: readonly IdleVehicle[], cells: readonly DemandCell[], nowS: number, o: RebalancingLimits): Reposition[] {
  const wanted = cells.filter((c) => c.expectedPerHour >= o.minExpectedPerHour);
  if (idle.length === 0 || wanted.length === 0) return [];
  const total = wanted.reduce((s, c) => s + c.expectedPerHour, 0);
  // Largest remainder: the shares sum to the number of idle vehicles exactly.
  const exact = wanted.map((c) => (idle.length * c.expectedPerHour) / total);
  const target = exact.map(Math.floor);
  let left = idle.length - target.reduce((s, t) => s + t, 0);
  const byRemainder = exact.map((x, k) => ({ k, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of byRemainder) {
    if (left-- <= 0) break;
    target[k]++;
  }
  const targetOf = new Map(wanted.map((c, k) => [c.key, target[k]]));
  const cellOf = new Map(idle.map((v) => [v.id, cellKeyOf(v.position, o.cellM, o.referenceLat)]));
  const held = new Map<string, number>();
  for (const v of idle) held.set(cellOf.get(v.id)!, (held.get(cellOf.get(v.id)!) ?? 0) + 1);
  const surplusOf = (key: string) => (held.get(key) ?? 0) - (targetOf.get(key) ?? 0);

  const movable = idle.filter((v) => nowS - v.idleSinceS >= o.minIdleS).slice().sort((a, b) => (a.id < b.id ? -1 : 1));
  const moved = new Set<string>();
  const out: Reposition[] = [];
  wanted.forEach((cell, k) => {
    for (let short = target[k] - (held.get(cell.key) ?? 0); short > 0; short--) {
      let best: IdleVehicle | null = null;
      let bestM = o.maxMoveM;
      for (const v of movable) {
        if (moved.has(v.id) || surplusOf(cellOf.get(v.id)!) <= 0) continue;
        const d = distanceM(v.position, cell.center);
        if (d < bestM) {
          best = v;
          bestM = d;
        }
      }
      if (!best) return;
      moved.add(best.id);
      const from = cellOf.get(best.id)!;
      held.set(from, held.get(from)! - 1);
      held.set(cell.key, (held.get(cell.key) ?? 0) + 1);
      out.push({ vehicleId: best.id, to: cell.center, cellKey: cell.key, distanceM: bestM });
    }
  });
  return out;
}
