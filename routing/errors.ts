/** Stable machine codes of every routing failure (OSRM's own codes where OSRM has one). */
export const RoutingErrorCode = {
  /** The caller's input is wrong: coordinates out of range or swapped, NaN, empty list, too few points. */
  InvalidInput: 'InvalidInput',
  /** No road connects the points. */
  NoRoute: 'NoRoute',
  /** No road segment near a point. */
  NoSegment: 'NoSegment',
  /** The request is larger than the backend accepts. */
  TooBig: 'TooBig',
  /** The backend is down, slow past its timeout, or answered something unusable. Retry later. */
  RoutingUnavailable: 'RoutingUnavailable',
} as const;
export type RoutingErrorCode = (typeof RoutingErrorCode)[keyof typeof RoutingErrorCode];

export class RoutingError extends Error {
  readonly code: RoutingErrorCode;

  constructor(code: RoutingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RoutingError';
    this.code = code;
  }
}

export function isRoutingError(e: unknown): e is RoutingError {
  return e instanceof RoutingError;
}
