import { Random } from '../../dispatcher/optimizer/Random';

/**
 * Per-leg travel-time noise: each leg a vehicle drives takes its planned time times a log-normal factor
 * exp(σ·Z − σ²/2), Z standard normal, so the factor's mean is 1 (noise spreads times, it does not slow the city
 * down: that is the traffic profile's job). σ = 0 is no noise. Each leg draws from a stream of its own
 * (seed, vehicle, leg number), so a leg's noise does not depend on what other vehicles did before.
 */
export class LegNoise {
  constructor(
    readonly sigma: number,
    private readonly seed: number,
  ) {}

  /** The factor of leg number `leg` of vehicle `vehicleId`. */
  factor(vehicleId: string, leg: number): number {
    if (this.sigma === 0) return 1;
    const z = standardNormal(new Random(streamSeed(this.seed, `noise:${vehicleId}:${leg}`)));
    return Math.exp(this.sigma * z - (this.sigma * this.sigma) / 2);
  }
}

/** Box–Muller: one standard normal draw. */
export function standardNormal(random: Random): number {
  const u = Math.max(1e-12, random.next());
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A 32-bit seed for a named stream of the world (FNV-1a over the name, mixed with the world's seed). */
export function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}
