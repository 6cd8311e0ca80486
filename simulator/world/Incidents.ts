import type { LngLat } from '../../routing/Router';
import { distanceM } from '../../routing/geo';
import { Random } from '../../dispatcher/optimizer/Random';
import { streamSeed } from './LegNoise';

export interface Incident {
  centre: LngLat;
  radiusM: number;
  startS: number;
  endS: number;
  /** Travel time inside the area is this many times the usual (2: twice as slow). */
  factor: number;
}

export interface IncidentOptions {
  /** Incidents starting per simulated hour, on average (a Poisson process). */
  perHour: number;
  durationS: number;
  radiusM: number;
  factor: number;
}

/**
 * Occasional incidents (a crash, road works): an area of the city twice as slow for twenty minutes. The list is
 * drawn once for the whole run from the world's seed, at points of the road network the caller gives.
 */
export class Incidents {
  constructor(readonly list: readonly Incident[]) {}

  static draw(seed: number, fromS: number, toS: number, places: readonly LngLat[], o: IncidentOptions): Incidents {
    if (o.perHour <= 0 || places.length === 0) return new Incidents([]);
    const random = new Random(streamSeed(seed, 'incidents'));
    const list: Incident[] = [];
    for (let t = fromS; ; ) {
      t += (-Math.log(1 - random.next()) * 3600) / o.perHour;
      if (t >= toS) break;
      const centre = places[Math.floor(random.next() * places.length)];
      list.push({ centre: [centre[0], centre[1]], radiusM: o.radiusM, startS: Math.round(t), endS: Math.round(t + o.durationS), factor: o.factor });
    }
    return new Incidents(list);
  }

  /** The travel-time factor of a road point at a time: the worst incident covering it, else 1. */
  factorAt(point: LngLat, atS: number): number {
    let f = 1;
    for (const i of this.list) {
      if (atS >= i.startS && atS < i.endS && i.factor > f && distanceM(point, i.centre) <= i.radiusM) f = i.factor;
    }
    return f;
  }
}
