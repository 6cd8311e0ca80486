import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import type { LngLat } from '../../routing/Router';
import type { DemandTrip } from '../demand/DemandTrip';
import { generateDemand } from '../demand/generateDemand';
import { runScenario } from './runScenario';
import { type FleetFigures, fleetFigures, vehicleKmPerPassengerKm } from './whatIfReport';

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
  serverUrl?: string;
  onProgress?: (m: string) => void;
}

export interface WhatIfResult {
  pooled: FleetFigures[];
  baseline: FleetFigures[];
  /** Per fleet size: Anystop's vehicle-km per passenger-km over the baseline's (below 1: pooling pays). */
  poolingRatio: Array<{ fleet: number; ratio: number | null; servedPooled: number; servedBaseline: number }>;
}

/** The same demand against several fleet sizes (and, if asked, the baseline), one fresh database per run. */
export async function runWhatIf(o: WhatIfOptions): Promise<WhatIfResult> {
  const depots = depotsFor(o.router, Math.max(...o.fleets), o.seed);
  const pooled: FleetFigures[] = [];
  const baseline: FleetFigures[] = [];
  for (const fleet of o.fleets) {
    for (const mode of o.baseline ? (['pooled', 'nearestIdle'] as const) : (['pooled'] as const)) {
      o.onProgress?.(`running ${mode === 'pooled' ? 'Anystop' : 'baseline'} with ${fleet} vehicles…`);
      const result = await runScenario({ ...o, fleet, mode, depots, demand: o.demand, onProgress: o.onProgress });
      (mode === 'pooled' ? pooled : baseline).push(fleetFigures(result));
    }
  }
  const poolingRatio = pooled.map((p) => {
    const b = baseline.find((x) => x.fleet === p.fleet);
    const a = vehicleKmPerPassengerKm(p);
    const z = b ? vehicleKmPerPassengerKm(b) : null;
    return { fleet: p.fleet, ratio: a !== null && z !== null && z > 0 ? a / z : null, servedPooled: p.served, servedBaseline: b?.served ?? 0 };
  });
  return { pooled, baseline, poolingRatio };
}

/** Vehicle start points: seeded points on the road network, the same for every run of one what-if. */
export function depotsFor(router: BuiltinRouter, count: number, seed: number): LngLat[] {
  const spots = generateDemand(router.network, { seed: seed + 1000, peakTripsPerHour: 3600 * 4, durationS: Math.max(60, count), startOfDayS: 8 * 3600, minTripM: 0 });
  return spots.slice(0, count).map((t) => t.origin);
}
