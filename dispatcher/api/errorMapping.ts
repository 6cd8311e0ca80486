import { isRoutingError } from '../../routing/errors';
import { ApiError } from '../errors/ApiError';
import { isPersistenceError } from '../persistence/PersistenceError';
import { pgFailureKind } from '../persistence/pgFailure';

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
      case 'TripNotPinnable':
        return new ApiError('TripNotPinnable', e.message, { cause: e });
      case 'BreakOverlaps':
        return new ApiError('BreakOverlaps', e.message, { cause: e });
      case 'VehicleNotFound':
        return new ApiError('UnknownVehicle', e.message, { cause: e });
      case 'ShiftStateConflict':
        return new ApiError('ShiftAlreadyStarted', e.message, { cause: e });
      case 'InvalidServiceArea':
        return new ApiError('ValidationFailed', e.message, { cause: e });
      case 'InvalidTripTransition':
        return new ApiError('TripNotCancellable', e.message, { cause: e });
      case 'ScheduleConflict':
        // Still changing after the retries (another instance keeps writing this vehicle): nothing was changed.
        return new ApiError('ScheduleConflict', 'The vehicle\'s schedule kept changing while this was committed; nothing was changed. Try again.', { cause: e, retryAfterS: 1 });
      case 'InvalidSchedule':
        return new ApiError('PlanningFailed', 'The dispatcher planned a schedule the database refused; nothing was changed. Try again shortly.', { cause: e, retryAfterS: RETRY_AFTER_S });
      default:
        return e;
    }
  }
  if (isRoutingError(e)) {
    if (e.code === 'RoutingUnavailable') return new ApiError('RoutingUnavailable', 'The routing engine is unavailable; try again shortly.', { cause: e, retryAfterS: RETRY_AFTER_S });
    // NoRoute, NoSegment, TooBig, InvalidInput reaching here come from planning, not from the caller's input.
    return new ApiError('PlanningFailed', `The dispatcher could not plan this (${e.code}: ${e.message}); nothing was changed. Try again shortly.`, { cause: e, retryAfterS: RETRY_AFTER_S });
  }
  const kind = pgFailureKind(e);
  if (kind === 'connection') {
    // Refused, reset, a stopping server, pg's "Connection terminated": a write cut off is saved whole or not at all.
    return new ApiError('DatabaseUnavailable', 'The database is unavailable; try again shortly. A change cut off by it was saved whole or not at all.', { cause: e, retryAfterS: RETRY_AFTER_S });
  }
  if (kind === 'data') {
    return new ApiError('ValidationFailed', 'A value cannot be stored (a NUL character, or a number or time out of range); change it and send again', { cause: e });
  }
  return e;
}

/** A failure that certainly wrote nothing: a refusal of ours or of the database, not a lost connection or a bug. */
export function refusedCleanly(e: unknown): boolean {
  if (e instanceof ApiError) return true;
  if (isPersistenceError(e)) return e.code !== 'DatabaseUnavailable';
  return pgFailureKind(e) === 'data';
}
