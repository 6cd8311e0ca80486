import type { Pool } from 'pg';
import { appendEvents } from './appendEvents';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { EventRecord, NewEvent } from './records';
import { timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

/** The event types of promises kept under pressure (issue 13); payloads as the shared vocabulary names them. */
export const RiskEventType = {
  PromiseAtRisk: 'promise_at_risk',
  PromiseMoved: 'promise_moved',
  PromiseBroken: 'promise_broken',
  VehicleOutOfService: 'vehicle_out_of_service',
} as const;

/** Minutes before the pickup at which the predicted pickup time is kept for the ETA-error KPI. */
export type EtaHorizon = 10 | 5;

/** What a late vehicle leaves in PostgreSQL besides re-plans: risk and breakage events, ETA predictions, out-of-service marks. */
export class RiskRepository {
  constructor(private readonly pool: Pool) {}

  /** Events that change no trip or schedule (a risk seen, a promise broken), in one transaction. */
  async append(atS: number, events: readonly NewEvent[]): Promise<EventRecord[]> {
    if (events.length === 0) return [];
    return (await withTransaction(this.pool, (client) => appendEvents(client, atS, events))).records;
  }

  /** Keeps the first pickup ETA predicted within `horizon` minutes of the pickup; a later one does not overwrite it. */
  async recordEtaPrediction(tripId: string, horizon: EtaHorizon, predictedPickupS: number): Promise<void> {
    const column = horizon === 10 ? 'pickup_eta_10min_at' : 'pickup_eta_5min_at';
    await this.pool.query(`UPDATE trips SET ${column} = ${timeParam(2)} WHERE id = $1 AND ${column} IS NULL`, [tripId, predictedPickupS]);
  }

  /**
   * Marks the vehicle's active shift out of service and appends vehicle_out_of_service, in one transaction.
   * NotFound when it has no active shift; marking it again keeps the first time and reason.
   */
  async markOutOfService(vehicleId: string, reason: string, by: string, atS: number): Promise<EventRecord[]> {
    const staged = await withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `UPDATE shifts SET out_of_service_at = coalesce(out_of_service_at, ${timeParam(2)}), out_of_service_reason = coalesce(out_of_service_reason, $3)
         WHERE vehicle_id = $1 AND state = 'active' RETURNING id`,
        [vehicleId, atS, reason],
      );
      if (!rows[0]) throw new PersistenceError(PersistenceErrorCode.VehicleNotFound, `Vehicle ${vehicleId} has no active shift`);
      return appendEvents(client, atS, [{ type: RiskEventType.VehicleOutOfService, vehicleId, payload: { vehicleId, reason, by } }]);
    });
    return staged.records;
  }
}
