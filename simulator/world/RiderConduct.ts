import { Random } from '../../dispatcher/optimizer/Random';
import { streamSeed } from './LegNoise';

export interface RiderConductOptions {
  /** Share of riders who come to the curb late... */
  lateShare: number;
  /** ...by up to this many seconds after the promised window opens (uniform). */
  maxLateS: number;
  /** Share of accepted trips cancelled a moment before the pickup (the vehicle is already on its way). */
  lateCancelShare: number;
  /** A late cancellation comes this many seconds before the promised window opens. */
  lateCancelLeadS: number;
  /** Share of requests made with a wheelchair. */
  wheelchairShare: number;
}

/** What one rider does: when they get to the curb (seconds after the window opens), whether they cancel late, their wheelchairs. */
export interface CurbConduct {
  lateS: number;
  cancelsLate: boolean;
  wheelchairs: number;
}

/**
 * Riders who come to the curb late, riders who cancel at the last moment and riders in wheelchairs, drawn per rider from the world's seed
 * (no-shows are the rider model's own draw, `--no-show-rate`). Pure: the same seed and trip give the same conduct.
 */
export class RiderConduct {
  constructor(
    readonly o: RiderConductOptions,
    private readonly seed: number,
  ) {}

  of(riderId: string): CurbConduct {
    const random = new Random(streamSeed(this.seed, `curb:${riderId}`));
    const late = random.next() < this.o.lateShare;
    const lateS = late ? Math.round(random.next() * this.o.maxLateS) : 0;
    const cancelsLate = random.next() < this.o.lateCancelShare;
    return { lateS, cancelsLate, wheelchairs: random.next() < this.o.wheelchairShare ? 1 : 0 };
  }
}
