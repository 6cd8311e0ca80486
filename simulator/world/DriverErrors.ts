import type { LngLat } from '../../routing/Router';
import { Random } from '../../dispatcher/optimizer/Random';
import { streamSeed } from './LegNoise';

export interface DriverErrorOptions {
  /** Share of legs on which the driver misses a turn... */
  missedTurnShare: number;
  /** ...and has to come back from about this far off the planned line (metres). */
  detourM: number;
}

const M_PER_DEG_LAT = 111_320;

/**
 * Drivers who miss a turn now and then: on such a leg the vehicle drives through a point off its planned line
 * (somewhere in its middle third, `detourM` to one side) before going on to the stop. Pure; the router snaps the
 * point to a road.
 */
export class DriverErrors {
  constructor(
    readonly o: DriverErrorOptions,
    private readonly seed: number,
  ) {}

  /** The point leg `leg` of the vehicle detours through, or null when the driver takes the planned way. */
  detourVia(vehicleId: string, leg: number, line: readonly LngLat[]): LngLat | null {
    if (this.o.missedTurnShare <= 0 || line.length < 2) return null;
    const random = new Random(streamSeed(this.seed, `turn:${vehicleId}:${leg}`));
    if (random.next() >= this.o.missedTurnShare) return null;
    const k = Math.min(line.length - 2, Math.floor(line.length * random.uniform(1 / 3, 2 / 3)));
    const [a, b] = [line[k], line[k + 1]];
    const cos = Math.cos((a[1] * Math.PI) / 180);
    // Perpendicular to the segment, to the left or the right.
    const dx = (b[0] - a[0]) * cos;
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const side = random.next() < 0.5 ? 1 : -1;
    const offDeg = this.o.detourM / M_PER_DEG_LAT;
    return [a[0] + (side * (-dy / len) * offDeg) / cos, a[1] + side * (dx / len) * offDeg];
  }
}
