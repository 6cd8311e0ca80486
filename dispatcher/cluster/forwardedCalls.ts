import { API_ERRORS, type ApiErrorCode } from '../../protocol/errors';
import { ApiError } from '../errors/ApiError';
import type { DispatchService } from '../api/DispatchService';

/** The decisions and writes a non-owner hands to the zone's owner over NATS request/reply. */
export const FORWARDED_CALLS = ['requestTrip', 'acceptOffer', 'declineOffer', 'cancelTrip', 'upsertVehicle', 'startShift', 'endShift', 'reportPosition', 'stopEvent', 'assignTrip', 'setPin', 'addBreak', 'markOutOfService'] as const;
export type ForwardedCall = (typeof FORWARDED_CALLS)[number];

/** One forwarded call: which zone it was meant for (the owner checks it still owns it), the method and its arguments. */
export interface ForwardedRequest<C extends ForwardedCall = ForwardedCall> {
  zone: number;
  call: C;
  args: Parameters<DispatchService[C]>;
  /** The instance that forwarded it (logs). */
  from: string;
  /** How long the forwarder waits for the answer (ms): the owner does not start the change after that. */
  timeoutMs?: number;
}

export type ForwardedReply = { ok: true; value: unknown } | { ok: false; error: { code: ApiErrorCode; message: string; retryAfterS?: number } };

export function isForwardedCall(value: unknown): value is ForwardedCall {
  return typeof value === 'string' && (FORWARDED_CALLS as readonly string[]).includes(value);
}

/** The owner's answer to an error: an ApiError keeps its code, anything else is an Internal with no details. */
export function replyForError(e: unknown): ForwardedReply {
  if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message, ...(e.retryAfterS !== undefined ? { retryAfterS: e.retryAfterS } : {}) } };
  return { ok: false, error: { code: 'Internal', message: 'Something went wrong on our side; the request was not completed' } };
}

/** What the forwarding instance throws for an owner's refusal: the same ApiError the owner threw. */
export function errorFromReply(error: { code: string; message: string; retryAfterS?: number }): ApiError {
  const code = (Object.hasOwn(API_ERRORS, error.code) ? error.code : 'Internal') as ApiErrorCode;
  return new ApiError(code, error.message, error.retryAfterS !== undefined ? { retryAfterS: error.retryAfterS } : undefined);
}
