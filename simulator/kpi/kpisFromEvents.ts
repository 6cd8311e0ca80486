import type { EventRecord } from '../../dispatcher/persistence/records';
import type { PlannerMetrics, RequestOutcomes } from '../../protocol/metrics';
import type { RejectionReason } from '../../protocol/trips';
import type { EtaLog } from './EtaLog';
import { type PromiseKpis, promiseKpis } from './promiseKpis';

/** The planner numbers that the event log alone determines (the same fields as the table-based metrics), and more. */
export interface EventKpis
  extends Pick<PlannerMetrics, 'requests' | 'accepted' | 'completed' | 'cancelled' | 'noShows' | 'rejected' | 'meanWaitS' | 'p90WaitS'>,
    PromiseKpis {
  rejectionReasons: Record<string, number>;
  /** Every request by its final state in the log (the same breakdown as the planner metrics). */
  outcomes: RequestOutcomes;
  /** Trips cancelled after they were accepted (the rest of `cancelled` are declined offers). */
  cancelledAfterAcceptance: number;
}

function percentileCont(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Recomputes the KPIs from the append-only event log, independently of the trips table: requests from the
 * creation events, waits from pickup events against the requested time, promises as `promiseKpis` counts them (with the
 * rider-visible ETAs when given).
 */
export function kpisFromEvents(events: readonly EventRecord[], etas?: EtaLog): EventKpis {
  const requested = new Map<string, number>();
  const accepted = new Set<string>();
  const outcomes: RequestOutcomes = { completed: 0, rejected: {}, declined: 0, acceptFailed: 0, cancelled: 0, noShow: 0 };
  const k: EventKpis = { requests: 0, accepted: 0, completed: 0, cancelled: 0, noShows: 0, rejected: 0, rejectionReasons: {}, outcomes, meanWaitS: null, p90WaitS: null, cancelledAfterAcceptance: 0, ...promiseKpis(events, etas) };
  const waits: number[] = [];
  /** Each trip's last outcome-deciding event: a later one replaces an earlier (an offer, then its acceptance...). */
  const last = new Map<string, { type: string; accepted: boolean; reason?: string }>();
  for (const e of events) {
    const trip = e.tripId ?? '';
    if (trip && OUTCOME_EVENTS.has(e.type)) {
      const before = last.get(trip);
      last.set(trip, { type: e.type, accepted: (before?.accepted ?? false) || e.type === 'trip_accepted', reason: e.type === 'trip_rejected' ? String(e.payload.reason) : undefined });
    }
    switch (e.type) {
      case 'trip_requested':
      case 'trip_offered':
        if (e.type === 'trip_requested' || !requested.has(trip)) {
          if (!requested.has(trip)) k.requests++;
          requested.set(trip, Number(e.payload.requestedPickupAtS));
        }
        break;
      case 'trip_accepted':
        k.accepted++;
        accepted.add(trip);
        break;
      case 'trip_rejected': {
        k.rejected++;
        const reason = String(e.payload.reason);
        k.rejectionReasons[reason] = (k.rejectionReasons[reason] ?? 0) + 1;
        break;
      }
      case 'trip_cancelled':
        k.cancelled++;
        if (accepted.has(trip)) k.cancelledAfterAcceptance++;
        break;
      case 'trip_no_show':
        k.noShows++;
        break;
      case 'trip_picked_up': {
        const r = requested.get(trip);
        if (r !== undefined) waits.push(e.atS - r);
        break;
      }
      case 'trip_completed':
        k.completed++;
        break;
      default:
        break;
    }
  }
  if (waits.length > 0) {
    waits.sort((a, b) => a - b);
    k.meanWaitS = waits.reduce((s, w) => s + w, 0) / waits.length;
    k.p90WaitS = percentileCont(waits, 0.9);
  }
  for (const o of last.values()) {
    if (o.type === 'trip_completed') outcomes.completed++;
    else if (o.type === 'trip_rejected') {
      const reason = (o.reason ?? 'NoVehicleInReach') as RejectionReason;
      outcomes.rejected[reason] = (outcomes.rejected[reason] ?? 0) + 1;
    } else if (o.type === 'trip_cancelled') {
      if (o.accepted) outcomes.cancelled++;
      else outcomes.declined++;
    } else if (o.type === 'trip_no_show') outcomes.noShow++;
    else if (o.type === 'trip_offered') outcomes.acceptFailed++;
  }
  return k;
}

/** Events that move a trip towards its outcome (stop events and schedule changes do not decide one). */
const OUTCOME_EVENTS: ReadonlySet<string> = new Set(['trip_requested', 'trip_offered', 'trip_accepted', 'trip_rejected', 'trip_cancelled', 'trip_no_show', 'trip_completed']);
