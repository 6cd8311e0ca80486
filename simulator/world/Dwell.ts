export interface DwellOptions {
  /** Seconds at a stop before anyone boards or alights (doors, kneeling). */
  baseS: number;
  /** Seconds per passenger boarding or alighting. */
  perPassengerS: number;
  /** Extra seconds per wheelchair (ramp out, secure, ramp in). */
  perWheelchairS: number;
}

/** How long a stop takes: a fixed part, each passenger, and each wheelchair. Pure. */
export class Dwell {
  constructor(readonly o: DwellOptions) {}

  seconds(passengers: number, wheelchairs: number): number {
    return this.o.baseS + this.o.perPassengerS * passengers + this.o.perWheelchairS * wheelchairs;
  }
}
