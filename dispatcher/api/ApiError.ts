import { API_ERRORS, type ApiErrorCode } from '../../protocol/errors';

/** An error the HTTP edge turns into `{ error: { code, message } }` with the code's status. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  /** Seconds the client should wait before retrying (429, 503). */
  readonly retryAfterS?: number;

  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown; retryAfterS?: number }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.status = API_ERRORS[code];
    this.retryAfterS = options?.retryAfterS;
  }
}
