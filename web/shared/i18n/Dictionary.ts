import type { ApiErrorCode } from '../../../protocol/errors';
import type { WsErrorCode } from '../../../protocol/realtime';
import type { RejectionReason, StopEvent, TripState } from '../../../protocol/trips';
import type { enText } from './en';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every sentence the pages show, keyed; `{name}` marks a value filled in at run time. */
export type TextKey = keyof typeof enText;

/**
 * One dictionary per language. The records keyed by the protocol's codes make the compiler insist on a
 * sentence for every error code, rejection reason, trip state and stop event the dispatcher can send.
 */
export interface Dictionary {
  /** The language's own name, shown on the switch that selects it. */
  languageName: string;
  text: Record<TextKey, string>;
  apiErrors: Record<ApiErrorCode, string>;
  wsErrors: Record<WsErrorCode, string>;
  /** Errors that never reach the server: no network, a reply that is not ours. */
  clientErrors: Record<'NetworkError' | 'BadResponse' | 'Disconnected' | 'Timeout', string>;
  /** Sentences for a rider whose request was declined. */
  rejections: Record<RejectionReason, string>;
  /** Short names of the same reasons, for the planner's chart. */
  rejectionLabels: Record<RejectionReason, string>;
  tripStates: Record<TripState, string>;
  stopEvents: Record<StopEvent, string>;
}
