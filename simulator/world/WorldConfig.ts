import type { DwellOptions } from './Dwell';
import type { DriverErrorOptions } from './DriverErrors';
import type { GpsOptions } from './GpsReceiver';
import type { IncidentOptions } from './Incidents';
import type { RiderConductOptions } from './RiderConduct';
import type { TrafficProfileName } from './TrafficProfile';

/** Everything that makes a simulated city differ from the router's plan. Seconds, metres, shares in [0, 1]. */
export interface WorldConfig {
  seed: number;
  /** Time-of-day profile (`--traffic`). */
  traffic: TrafficProfileName;
  /** Seconds from epoch time to the city's local clock, for the traffic profile. */
  utcOffsetS: number;
  /** Per-leg log-normal σ (`--noise`). */
  noiseSigma: number;
  /** Share of accepted trips whose rider does not show up (`--no-show-rate`). */
  noShowRate: number;
  incidents: IncidentOptions;
  dwell: DwellOptions;
  riders: RiderConductOptions;
  drivers: DriverErrorOptions;
  gps: GpsOptions;
}

/**
 * The defaults of `anystop simulate` and `anystop demo` for what has no flag of its own: one incident an hour
 * (a 300 m area twice as slow for 20 min), 20 s dwell plus 5 s a passenger and 60 s a wheelchair, one rider in ten
 * up to 2 min late to the curb, 2 % cancelling 2 min before the window, 3 % of requests with a wheelchair, a missed turn on 3 % of legs (a 300 m
 * detour), GPS fixes with 5 m of error and a 30 s dropout on 0.5 % of fixes.
 */
export const DEFAULT_WORLD: WorldConfig = Object.freeze({
  seed: 1,
  traffic: 'none' as TrafficProfileName,
  utcOffsetS: 0,
  noiseSigma: 0,
  noShowRate: 0.02,
  incidents: Object.freeze({ perHour: 1, durationS: 20 * 60, radiusM: 300, factor: 2 }),
  dwell: Object.freeze({ baseS: 20, perPassengerS: 5, perWheelchairS: 60 }),
  riders: Object.freeze({ lateShare: 0.1, maxLateS: 120, lateCancelShare: 0.02, lateCancelLeadS: 120, wheelchairShare: 0.03 }),
  drivers: Object.freeze({ missedTurnShare: 0.03, detourM: 300 }),
  gps: Object.freeze({ noiseM: 5, dropoutShare: 0.005, dropoutS: 30 }),
});

/** One line saying which world a run was made in (the what-if report's header). */
export function describeWorld(w: WorldConfig): string {
  return [
    `traffic ${w.traffic}`,
    `noise σ ${w.noiseSigma}`,
    `no-shows ${(100 * w.noShowRate).toFixed(1)} %`,
    `seed ${w.seed}`,
    `incidents ${w.incidents.perHour}/h (×${w.incidents.factor}, ${Math.round(w.incidents.durationS / 60)} min, ${w.incidents.radiusM} m)`,
    `dwell ${w.dwell.baseS} s + ${w.dwell.perPassengerS} s/passenger + ${w.dwell.perWheelchairS} s/wheelchair`,
    `late to the curb ${(100 * w.riders.lateShare).toFixed(0)} % (≤ ${w.riders.maxLateS} s)`,
    `late cancellations ${(100 * w.riders.lateCancelShare).toFixed(1)} %`,
    `wheelchairs ${(100 * w.riders.wheelchairShare).toFixed(1)} %`,
    `missed turns ${(100 * w.drivers.missedTurnShare).toFixed(1)} % of legs`,
    `GPS ±${w.gps.noiseM} m, dropouts ${(100 * w.gps.dropoutShare).toFixed(1)} % × ${w.gps.dropoutS} s`,
  ].join(', ');
}
