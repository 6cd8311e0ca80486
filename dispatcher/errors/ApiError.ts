import { API_ERRORS, type ApiErrorCode } from '../../protocol/errors';
import { CodedError } from './CodedError';

/**
 * A refusal the HTTP edge and the websockets send as `{ error: { code, message } }` with the code's status. The
 * service throws it too: it sits below both, so neither layer reaches into the other for it.
 */
export class ApiError extends CodedError<ApiErrorCode> {
  readonly status: number;
  /** Seconds the client should wait before retrying (429, 503). */
  readonly retryAfterS?: number;

  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown; retryAfterS?: number }) {
    super(code, message, options);
    this.status = API_ERRORS[code];
    this.retryAfterS = options?.retryAfterS;
  }
}
