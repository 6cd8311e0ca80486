import type { LngLat } from '../../routing/Router';
import { DriverErrors } from './DriverErrors';
import { Dwell } from './Dwell';
import { GpsReceiver } from './GpsReceiver';
import { Incidents } from './Incidents';
import { LegNoise } from './LegNoise';
import { RiderConduct } from './RiderConduct';
import { TrafficProfile } from './TrafficProfile';
import type { WorldConfig } from './WorldConfig';

/**
 * The simulated city the vehicles drive in: traffic by time of day, per-leg noise, incidents, dwell, riders at the
 * curb, drivers' missed turns and GPS. Every draw is seeded by the world's seed and named by what it is for
 * (vehicle and leg, rider), so the same seed gives the same world whatever the dispatcher does.
 */
export class SimulatedWorld {
  readonly traffic: TrafficProfile;
  readonly noise: LegNoise;
  readonly dwell: Dwell;
  readonly riders: RiderConduct;
  readonly drivers: DriverErrors;

  constructor(
    readonly config: WorldConfig,
    readonly incidents: Incidents,
  ) {
    this.traffic = new TrafficProfile(config.traffic, config.utcOffsetS);
    this.noise = new LegNoise(config.noiseSigma, config.seed);
    this.dwell = new Dwell(config.dwell);
    this.riders = new RiderConduct(config.riders, config.seed);
    this.drivers = new DriverErrors(config.drivers, config.seed);
  }

  /** The world of a run from `fromS` to `toS`; incidents happen at some of `places` (points on the roads). */
  static create(config: WorldConfig, fromS: number, toS: number, places: readonly LngLat[]): SimulatedWorld {
    return new SimulatedWorld(config, Incidents.draw(config.seed, fromS, toS, places, config.incidents));
  }

  gpsOf(vehicleId: string): GpsReceiver {
    return new GpsReceiver(this.config.gps, this.config.seed, vehicleId);
  }

  /**
   * Seconds from the start of the line to each of its points as driven in this world, leaving at `departS`:
   * each segment's planned time times the traffic and incident factors when the vehicle enters it, times the
   * leg's noise.
   */
  driveTimes(vehicleId: string, leg: number, line: readonly LngLat[], plannedSegmentS: readonly number[], departS: number): number[] {
    const noise = this.noise.factor(vehicleId, leg);
    const cum = [0];
    for (let i = 1; i < line.length; i++) {
      const at = departS + cum[i - 1];
      const mid: LngLat = [(line[i - 1][0] + line[i][0]) / 2, (line[i - 1][1] + line[i][1]) / 2];
      cum.push(cum[i - 1] + plannedSegmentS[i - 1] * noise * this.traffic.factorAt(at) * this.incidents.factorAt(mid, at));
    }
    return cum;
  }
}
