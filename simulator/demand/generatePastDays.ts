import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import type { DemandTrip } from './DemandTrip';
import { type DemandOptions, generateDemand } from './generateDemand';

/**
 * Earlier days of the same demand pattern (same profile, peak and hours, other seeds): the history a rebalancer reads.
 * Day k (1 = the day before) is drawn with seed `seed + 7919·k`, so it never repeats the simulated day's own trips.
 * Each covers `durationS` plus `lookaheadS`: the rebalancer reads the coming window of past days, also near the end.
 */
export function generatePastDays(net: RoadNetwork, options: DemandOptions & { days: number; lookaheadS: number }): DemandTrip[][] {
  const { days, lookaheadS, ...demand } = options;
  return Array.from({ length: days }, (_, k) => generateDemand(net, { ...demand, seed: demand.seed + 7919 * (k + 1), durationS: demand.durationS + lookaheadS }));
}
