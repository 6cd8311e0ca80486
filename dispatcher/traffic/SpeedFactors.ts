/** Learning limits of the per-hour speed factors, with their defaults. */
export const SPEED_FACTOR_DEFAULTS = Object.freeze({
  /** Weight of one new observation in the hour's running (log) mean; the first few count more (1/n until 1/alpha). */
  alpha: 0.1,
  /** A factor stays within [min, max]: one stuck bus or a GPS jump does not teach the city a new speed. */
  min: 0.5,
  max: 3,
  /** Observed / planned beyond this ratio (either way) is a detour or an error, not traffic: not learnt from. */
  maxRatio: 4,
  /** Legs the router plans shorter than this carry more dwell and signal noise than traffic: not learnt from. */
  minPlannedS: 60,
});

export type SpeedFactorOptions = { readonly [K in keyof typeof SPEED_FACTOR_DEFAULTS]: number };

/** One hour's learnt state: the factor travel times are multiplied by, and how many legs taught it. */
export interface HourFactor {
  hour: number;
  factor: number;
  samples: number;
}

/** The hour of the day (0..23, UTC) in which an instant falls: the key of its speed factor. */
export function hourOf(epochS: number): number {
  return Math.floor((((epochS % 86400) + 86400) % 86400) / 3600);
}

/**
 * Per-hour speed factors learnt from observed leg times (pure, no I/O): observed / planned, averaged in log space
 * (a leg twice as slow and one twice as fast cancel out) with an exponential moving average, clamped. A factor of 1.3
 * at 08:00 means legs driven in that hour take 30 % longer than the router says.
 */
export class SpeedFactors {
  private readonly factors = new Float64Array(24).fill(1);
  private readonly samples = new Int32Array(24);

  constructor(private readonly options: SpeedFactorOptions = SPEED_FACTOR_DEFAULTS) {}

  /** Restores learnt hours (from PostgreSQL on start). */
  load(hours: readonly HourFactor[]): void {
    for (const h of hours) {
      if (!Number.isInteger(h.hour) || h.hour < 0 || h.hour > 23 || !Number.isFinite(h.factor)) continue;
      this.factors[h.hour] = this.clamp(h.factor);
      this.samples[h.hour] = Math.max(0, h.samples);
    }
  }

  /** The factor for a leg driven from `epochS`. */
  at(epochS: number): number {
    return this.factors[hourOf(epochS)];
  }

  /**
   * Learns from one completed leg the router planned at `plannedS` (without any factor) and the vehicle drove in
   * `observedS`, started at `startedAtS`. Returns the hour's new state, or null when the leg teaches nothing.
   */
  observe(startedAtS: number, plannedS: number, observedS: number): HourFactor | null {
    const o = this.options;
    if (!(plannedS >= o.minPlannedS) || !(observedS > 0)) return null;
    const ratio = observedS / plannedS;
    if (ratio > o.maxRatio || ratio < 1 / o.maxRatio) return null;
    const hour = hourOf(startedAtS);
    const n = this.samples[hour] + 1;
    const weight = Math.max(o.alpha, 1 / n);
    const log = (1 - weight) * Math.log(this.factors[hour]) + weight * Math.log(ratio);
    this.factors[hour] = this.clamp(Math.exp(log));
    this.samples[hour] = n;
    return { hour, factor: this.factors[hour], samples: n };
  }

  /** Every hour that has learnt something. */
  learnt(): HourFactor[] {
    const out: HourFactor[] = [];
    for (let h = 0; h < 24; h++) if (this.samples[h] > 0) out.push({ hour: h, factor: this.factors[h], samples: this.samples[h] });
    return out;
  }

  private clamp(f: number): number {
    return Math.min(this.options.max, Math.max(this.options.min, f));
  }
}
