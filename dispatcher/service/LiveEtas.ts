import type { FleetVehicle } from '../fleet/FleetModel';
import type { EtaHorizon, RiskRepository } from '../persistence/RiskRepository';
import type { ChangeFeed } from '../realtime/ChangeFeed';
import { estimateLiveEtas } from '../risk/estimateLiveEtas';

/** Limits of the live ETAs, with their defaults. */
export const LIVE_ETA_DEFAULTS = Object.freeze({
  /** A rider is sent a new ETA when it moved at least this much since the last one sent (s): GPS jitter is no news. */
  pushAfterChangeS: 30,
});

const HORIZONS: readonly EtaHorizon[] = [10, 5];

/**
 * Live ETAs (issue 13): on every position, each stop's start of service is estimated again from the vehicle's GPS and
 * progress (estimateLiveEtas) and kept on the stop (`etaS`, what the trip view shows). Riders whose ETA moved by
 * `pushAfterChangeS` or more are sent their trip again; the pickup ETA predicted when the pickup first came within 10
 * and 5 minutes is recorded once per trip, for the ETA-error KPI.
 */
export class LiveEtas {
  /** Per stop (trip/kind): the ETA riders were last sent. Dropped with the stop. */
  private readonly sent = new Map<string, number>();
  /** Per trip: the horizons whose prediction was recorded. */
  private readonly predicted = new Map<string, Set<EtaHorizon>>();

  constructor(
    private readonly repo: Pick<RiskRepository, 'recordEtaPrediction'>,
    private readonly changes: ChangeFeed,
    private readonly log: (message: string) => void,
    private readonly options: { readonly pushAfterChangeS: number } = LIVE_ETA_DEFAULTS,
  ) {}

  /** Re-estimates the vehicle's ETAs now; returns them, one per stop. */
  async update(vehicle: FleetVehicle, nowS: number): Promise<number[]> {
    const etas = estimateLiveEtas(vehicle, nowS);
    const moved = new Set<string>();
    const writes: Promise<void>[] = [];
    vehicle.stops.forEach((s, q) => {
      s.etaS = etas[q];
      const key = `${s.tripId}/${s.kind}`;
      const last = this.sent.get(key);
      if (last === undefined || Math.abs(last - etas[q]) >= this.options.pushAfterChangeS) {
        this.sent.set(key, etas[q]);
        if (last !== undefined) moved.add(s.tripId);
      }
      if (s.kind !== 'pickup' || s.arrivedAtS !== undefined) return;
      for (const h of HORIZONS) {
        const done = this.predicted.get(s.tripId) ?? new Set<EtaHorizon>();
        if (done.has(h) || etas[q] - nowS > h * 60) continue;
        done.add(h);
        this.predicted.set(s.tripId, done);
        writes.push(this.repo.recordEtaPrediction(s.tripId, h, etas[q]).catch((e: unknown) => this.log(`ETA prediction of trip ${s.tripId} not recorded (${e instanceof Error ? e.message : String(e)})`)));
      }
    });
    await Promise.all(writes);
    if (moved.size > 0) this.changes.emit('etas', { vehicleId: vehicle.id, tripIds: [...moved] });
    return etas;
  }

  /** The trip is done (or gone): what was kept for it is dropped. */
  forget(tripId: string): void {
    this.sent.delete(`${tripId}/pickup`);
    this.sent.delete(`${tripId}/dropoff`);
    this.predicted.delete(tripId);
  }
}
