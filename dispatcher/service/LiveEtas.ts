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
  /**
   * Per vehicle: the ETA riders were last sent for each of its stops (trip/kind), and the horizons whose prediction was
   * recorded per trip. Rebuilt from the vehicle's stops on every update, so stops that left it leave no trace.
   */
  private readonly byVehicle = new Map<string, { sent: Map<string, number>; predicted: Map<string, Set<EtaHorizon>> }>();

  constructor(
    private readonly repo: Pick<RiskRepository, 'recordEtaPrediction'>,
    private readonly changes: ChangeFeed,
    private readonly log: (message: string) => void,
    private readonly options: { readonly pushAfterChangeS: number } = LIVE_ETA_DEFAULTS,
  ) {}

  /** Prediction writes still on their way to PostgreSQL. */
  private readonly writing = new Set<Promise<void>>();

  /** Resolves once the prediction writes started so far are done (for shutdown and tests). */
  async pending(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  /** Re-estimates the vehicle's ETAs now; returns them, one per stop. */
  update(vehicle: FleetVehicle, nowS: number): number[] {
    const etas = estimateLiveEtas(vehicle, nowS);
    const before = this.byVehicle.get(vehicle.id);
    const now = { sent: new Map<string, number>(), predicted: new Map<string, Set<EtaHorizon>>() };
    const moved = new Set<string>();
    const writes: Promise<void>[] = [];
    vehicle.stops.forEach((s, q) => {
      s.etaS = etas[q];
      const key = `${s.tripId}/${s.kind}`;
      const last = before?.sent.get(key);
      if (last === undefined || Math.abs(last - etas[q]) >= this.options.pushAfterChangeS) {
        now.sent.set(key, etas[q]);
        if (last !== undefined) moved.add(s.tripId);
      } else now.sent.set(key, last);
      if (s.kind !== 'pickup') return;
      // A trip that just came from another vehicle predicts again: the database keeps the first prediction only.
      const done = new Set(before?.predicted.get(s.tripId) ?? []);
      now.predicted.set(s.tripId, done);
      if (s.arrivedAtS !== undefined) return;
      for (const h of HORIZONS) {
        if (done.has(h) || etas[q] - nowS > h * 60) continue;
        done.add(h);
        writes.push(this.repo.recordEtaPrediction(s.tripId, h, etas[q]).catch((e: unknown) => this.log(`ETA prediction of trip ${s.tripId} not recorded (${e instanceof Error ? e.message : String(e)})`)));
      }
    });
    vehicle.etasOfVersion = vehicle.scheduleVersion;
    this.byVehicle.set(vehicle.id, now);
    if (moved.size > 0) this.changes.emit('etas', { vehicleId: vehicle.id, tripIds: [...moved] });
    // The predictions are written behind the fix, never in its way: a GPS report (and the driver's channel behind
    // it) must not wait on the trips table. Each write logs its own failure; pending() lets a caller wait for them.
    if (writes.length === 0) return etas;
    const all = Promise.all(writes).then(() => undefined);
    this.writing.add(all);
    void all.finally(() => this.writing.delete(all));
    return etas;
  }

  /** The vehicle left the fleet (its shift ended). */
  forget(vehicleId: string): void {
    this.byVehicle.delete(vehicleId);
  }
}
