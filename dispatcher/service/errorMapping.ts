import { isRoutingError } from '../../routing/errors';
import { ApiError } from '../api/ApiError';
import { isPersistenceError } from '../persistence/PersistenceError';

/** Seconds a client is asked to wait when the database or router is unavailable. */
export const RETRY_AFTER_S = 5;

/** Persistence and routing failures as the API reports them; anything else passes through. */
export function toServiceError(e: unknown): unknown {
  if (e instanceof ApiError) return e;
  if (isPersistenceError(e)) {
    switch (e.code) {
      case 'DatabaseUnavailable':
        return new ApiError('DatabaseUnavailable', 'The database is unavailable; nothing was changed. Try again shortly.', { cause: e, retryAfterS: RETRY_AFTER_S });
      case 'TripNotFound':
        return new ApiError('NotFound', e.message, { cause: e });
      case 'VehicleNotFound':
        return new ApiError('UnknownVehicle', e.message, { cause: e });
      case 'ShiftStateConflict':
        return new ApiError('ShiftAlreadyStarted', e.message, { cause: e });
      case 'InvalidServiceArea':
        return new ApiError('ValidationFailed', e.message, { cause: e });
      case 'InvalidTripTransition':
        return new ApiError('TripNotCancellable', e.message, { cause: e });
      default:
        return e;
    }
  }
  if (isRoutingError(e) && e.code === 'RoutingUnavailable') {
    return new ApiError('RoutingUnavailable', 'The routing engine is unavailable; try again shortly.', { cause: e, retryAfterS: RETRY_AFTER_S });
  }
  const code = (e as { code?: unknown } | null)?.code;
  // pg's connection failures (ECONNREFUSED, 57P01 admin shutdown, 08xxx connection exceptions).
  if (typeof code === 'string' && (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03' || code.startsWith('08'))) {
    return new ApiError('DatabaseUnavailable', 'The database is unavailable; nothing was changed. Try again shortly.', { cause: e, retryAfterS: RETRY_AFTER_S });
  }
  return e;
}
