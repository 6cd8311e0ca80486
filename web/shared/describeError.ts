import { ApiFailure } from './apiClient';
import type { I18n } from './i18n/I18n';
import { RealtimeFailure } from './RealtimeClient';

/** Any failure in plain words of the page's language: the API's and the websocket's codes through the dictionary. */
export function describeError(e: unknown, i18n: I18n): string {
  if (e instanceof ApiFailure) return i18n.error(e.code, e.message);
  if (e instanceof RealtimeFailure) return i18n.error(e.code, e.message);
  if (e instanceof Error) return e.message;
  return i18n.error('Internal');
}
