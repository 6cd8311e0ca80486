import type { LngLat } from '../../routing/Router';
import { Random } from '../../dispatcher/optimizer/Random';
import { standardNormal, streamSeed } from './LegNoise';

export interface GpsOptions {
  /** Standard deviation of a fix's error, metres, in each direction. */
  noiseM: number;
  /** Chance per fix that the receiver loses the sky (a tunnel, tall buildings)... */
  dropoutShare: number;
  /** ...for this many seconds (nothing is sent meanwhile). */
  dropoutS: number;
}

const M_PER_DEG_LAT = 111_320;

/**
 * One vehicle's GPS: the true position with a Gaussian error, and dropouts during which there is no fix at all.
 * Seeded per vehicle; the dispatcher sees only what this gives it.
 */
export class GpsReceiver {
  private readonly random: Random;
  private silentUntilS = -Infinity;

  constructor(
    readonly o: GpsOptions,
    seed: number,
    vehicleId: string,
  ) {
    this.random = new Random(streamSeed(seed, `gps:${vehicleId}`));
  }

  /** The fix at `atS` for the true position, or null during a dropout. `force`: a fix even then (a stopped vehicle gets one back). */
  fix(truth: LngLat, atS: number, force = false): LngLat | null {
    if (!force) {
      if (atS < this.silentUntilS) return null;
      if (this.o.dropoutShare > 0 && this.random.next() < this.o.dropoutShare) {
        this.silentUntilS = atS + this.o.dropoutS;
        return null;
      }
    }
    if (this.o.noiseM <= 0) return [truth[0], truth[1]];
    const cos = Math.cos((truth[1] * Math.PI) / 180);
    const east = standardNormal(this.random) * this.o.noiseM;
    const north = standardNormal(this.random) * this.o.noiseM;
    return [truth[0] + east / (M_PER_DEG_LAT * cos), truth[1] + north / M_PER_DEG_LAT];
  }
}
