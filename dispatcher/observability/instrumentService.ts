import type { TripView } from '../../protocol/trips';
import { ApiError } from '../errors/ApiError';
import type { DispatchService } from '../api/DispatchService';
import type { ReoptimizeRound } from '../service/Reoptimizer';
import type { DispatcherMetrics } from './DispatcherMetrics';

function outcomeOf(trip: TripView): { outcome: string; reason: string } {
  if (trip.state === 'rejected') return { outcome: 'rejected', reason: trip.rejectReason ?? 'unknown' };
  if (trip.state === 'offered') return { outcome: 'offered', reason: '' };
  return { outcome: 'accepted', reason: '' };
}

/**
 * The dispatch service with its decisions counted: every new trip request by outcome and reason, and how long the
 * decision took. Idempotent replays (created: false) are not decided again and are not counted.
 */
export function instrumentService<S extends DispatchService>(service: S, metrics: DispatcherMetrics): S {
  const requestTrip: DispatchService['requestTrip'] = async (request, key) => {
    const end = metrics.decisionDuration.startTimer();
    try {
      const result = await service.requestTrip(request, key);
      if (result.created) {
        const { outcome, reason } = outcomeOf(result.trip);
        metrics.decisions.inc({ outcome, reason });
        end({ outcome });
      }
      return result;
    } catch (e) {
      const reason = e instanceof ApiError ? e.code : 'Internal';
      metrics.decisions.inc({ outcome: 'error', reason });
      end({ outcome: 'error' });
      throw e;
    }
  };
  return new Proxy(service, {
    get(target, prop, receiver) {
      if (prop === 'requestTrip') return requestTrip;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Counts each re-optimizer round by result and adds up what the improved ones saved. */
export function observeReoptimizerRound(metrics: DispatcherMetrics, round: ReoptimizeRound): void {
  const result = round.discarded ? 'discarded' : round.improved ? 'improved' : round.vehicles === 0 ? 'skipped' : 'unchanged';
  metrics.reoptimizerRuns.inc({ result });
  if (round.improved && round.costBefore !== undefined && round.costAfter !== undefined && round.costBefore > round.costAfter) {
    metrics.reoptimizerGain.inc(round.costBefore - round.costAfter);
  }
}
