import { RoutingError, type RoutingErrorCode, isRoutingError } from '../errors';

/**
 * graphhopper-js-api-client drops the HTTP status and the response: every failure reaches us as
 * Error('<hints[0].message or message> - for url <url with ?key=…>'), or 'undefined - for url …' when
 * no answer came at all. So the code is read from GraphHopper's documented messages, first match wins.
 */
const MESSAGE_CODES: [RegExp, RoutingErrorCode][] = [
  [/^undefined$|^$/, 'RoutingUnavailable'],
  [/cannot find point|point \d+ is out of bounds|PointNotFound|PointOutOfBounds/i, 'NoSegment'],
  [/connection between locations not found|ConnectionNotFound|no path found/i, 'NoRoute'],
  [/api limit|rate limit|too many requests|internal server error|service unavailable|bad gateway|gateway time-?out|<html/i, 'RoutingUnavailable'],
  [/wrong credentials|api key|unauthori[sz]ed|forbidden/i, 'RoutingUnavailable'],
  [/too many|too large|exceed|maximum/i, 'TooBig'],
];

/** Maps what the client rejected with onto a RoutingError; the API key never appears in the result. */
export function graphHopperError(e: unknown, host: string, key: string | undefined): RoutingError {
  if (isRoutingError(e)) return e;
  const raw = scrubKey(typeof (e as { message?: unknown } | null)?.message === 'string' ? (e as { message: string }).message : String(e), key);
  const message = raw.replace(/ - for url \S*$/, '').trim();
  const code = MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'InvalidInput';
  // The client's own Error carries the URL with the key, so the cause is a scrubbed copy, not the original.
  const cause = new Error(raw);
  if (message === 'undefined' || message === '') {
    return new RoutingError(code, `GraphHopper at ${host} did not answer (refused connection or timeout); is it running?`, { cause });
  }
  const hint = /wrong credentials|api key|unauthori[sz]ed|forbidden/i.test(message) ? '; check GRAPHHOPPER_KEY' : '';
  return new RoutingError(code, `GraphHopper: ${message}${hint}`, { cause });
}

function scrubKey(text: string, key: string | undefined): string {
  const noParam = text.replace(/([?&]key=)[^&\s]*/g, '$1***');
  return key ? noParam.split(key).join('***') : noParam;
}
