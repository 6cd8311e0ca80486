import type { LngLat } from '../../routing/Router';
import { pointAlong } from '../../routing/builtin/graph/chainGeometry';
import { MAIN } from '../../routing/builtin/graph/mainComponent';
import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import { distanceM } from '../../routing/geo';
import { Random } from '../../dispatcher/optimizer/Random';
import type { DemandTrip } from './DemandTrip';

/** Requests per hour over the day, relative to the peak (a commuter day: morning and evening peaks). */
export const COMMUTER_PROFILE: readonly number[] = [
  0.05, 0.03, 0.02, 0.02, 0.05, 0.15, 0.45, 0.9, 1.0, 0.7, 0.5, 0.5, 0.55, 0.5, 0.5, 0.55, 0.7, 0.95, 1.0, 0.75, 0.5, 0.35, 0.2, 0.1,
];

export interface DemandOptions {
  seed: number;
  /** Requests per hour at the profile's peak. */
  peakTripsPerHour: number;
  durationS: number;
  /** Seconds after midnight when the simulation starts (where on the profile it begins). */
  startOfDayS: number;
  profile?: readonly number[];
  /** Trips shorter than this (straight line) are drawn again: nobody books a bus for 200 m. */
  minTripM?: number;
  /** Share of parties of two and three. */
  groupShare?: number;
}

/**
 * Seeded demand over the road network: arrivals are a Poisson process whose rate follows the time-of-day
 * profile; origins and destinations are points on roads of the main network, drawn in proportion to road
 * length (more road, more doors). The same seed gives the same trips.
 */
export function generateDemand(net: RoadNetwork, options: DemandOptions): DemandTrip[] {
  const rng = new Random(options.seed);
  const profile = options.profile ?? COMMUTER_PROFILE;
  const minTripM = options.minTripM ?? 500;
  const groupShare = options.groupShare ?? 0.15;
  const chains: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let c = 0; c < net.chainCount; c++) {
    if (net.chainMain[c] !== MAIN || net.chainLengthM[c] <= 0) continue;
    total += net.chainLengthM[c];
    chains.push(c);
    cumulative.push(total);
  }
  if (chains.length === 0) throw new Error('The road network has no main component to draw trips on');
  const roadPoint = (): LngLat => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    const c = chains[lo];
    const p = pointAlong(net, c, rng.next() * net.chainLengthM[c]);
    return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  };
  const peakRatePerS = options.peakTripsPerHour / 3600;
  const trips: DemandTrip[] = [];
  // Thinning: candidate arrivals at the peak rate, each kept with the profile's share for its hour.
  for (let t = -Math.log(1 - rng.next()) / peakRatePerS; t < options.durationS; t += -Math.log(1 - rng.next()) / peakRatePerS) {
    const hour = Math.floor(((options.startOfDayS + t) % 86400) / 3600);
    if (rng.next() > profile[hour]) continue;
    let origin = roadPoint();
    let destination = roadPoint();
    for (let tries = 0; distanceM(origin, destination) < minTripM && tries < 20; tries++) {
      origin = roadPoint();
      destination = roadPoint();
    }
    const r = rng.next();
    const passengers = r < groupShare * 0.7 ? 2 : r < groupShare ? 3 : 1;
    trips.push({ requestedAtS: Math.round(t), origin, destination, passengers });
  }
  return trips;
}
