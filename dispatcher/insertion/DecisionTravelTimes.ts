import type { TravelTimes } from './TravelTimes';

/**
 * The travel times one decision needs, and no more: to and from the new pickup P and dropoff D for
 * every location, plus the legs of the existing schedules. Memory grows with the locations, not their
 * square, so a decision over thousands of vehicles stays small. Unknown pairs are +Infinity.
 */
export class DecisionTravelTimes implements TravelTimes {
  readonly size: number;
  private readonly toP: Float64Array;
  private readonly toD: Float64Array;
  private readonly fromP: Float64Array;
  private readonly fromD: Float64Array;
  private readonly toPm: Float64Array;
  private readonly toDm: Float64Array;
  private readonly fromPm: Float64Array;
  private readonly fromDm: Float64Array;
  private readonly legs = new Map<number, number>();
  private readonly legsM = new Map<number, number>();

  constructor(size: number, readonly P: number, readonly D: number) {
    this.size = size;
    const filled = () => new Float64Array(size).fill(Infinity);
    this.toP = filled();
    this.toD = filled();
    this.fromP = filled();
    this.fromD = filled();
    this.toPm = filled();
    this.toDm = filled();
    this.fromPm = filled();
    this.fromDm = filled();
  }

  /** Forgets every travel time to and from P and D (the legs stay): the same locations decided with other new stops. */
  clearNew(): void {
    for (const a of [this.toP, this.toD, this.fromP, this.fromD, this.toPm, this.toDm, this.fromPm, this.fromDm]) a.fill(Infinity);
  }

  setToNew(from: number, toPs: number | null, toPm: number | null, toDs: number | null, toDm: number | null): void {
    if (toPs !== null && toPm !== null) {
      this.toP[from] = toPs;
      this.toPm[from] = toPm;
    }
    if (toDs !== null && toDm !== null) {
      this.toD[from] = toDs;
      this.toDm[from] = toDm;
    }
  }

  setFromNew(to: number, fromPs: number | null, fromPm: number | null, fromDs: number | null, fromDm: number | null): void {
    if (fromPs !== null && fromPm !== null) {
      this.fromP[to] = fromPs;
      this.fromPm[to] = fromPm;
    }
    if (fromDs !== null && fromDm !== null) {
      this.fromD[to] = fromDs;
      this.fromDm[to] = fromDm;
    }
  }

  setLeg(from: number, to: number, s: number, m: number): void {
    this.legs.set(from * this.size + to, s);
    this.legsM.set(from * this.size + to, m);
  }

  durationS(from: number, to: number): number {
    if (from === to) return 0;
    if (to === this.P) return this.toP[from];
    if (to === this.D) return this.toD[from];
    if (from === this.P) return this.fromP[to];
    if (from === this.D) return this.fromD[to];
    return this.legs.get(from * this.size + to) ?? Infinity;
  }

  distanceM(from: number, to: number): number {
    if (from === to) return 0;
    if (to === this.P) return this.toPm[from];
    if (to === this.D) return this.toDm[from];
    if (from === this.P) return this.fromPm[to];
    if (from === this.D) return this.fromDm[to];
    return this.legsM.get(from * this.size + to) ?? Infinity;
  }
}
