import { RoutingError, type RoutingErrorCode } from '../errors';
import type { OsrmErrorBody } from './OsrmResponses';

/** OSRM's error codes (docs/http.md "Responses") and what each means to Anystop. */
const CODE_MAP: Record<string, RoutingErrorCode> = {
  NoRoute: 'NoRoute',
  NoSegment: 'NoSegment',
  NoMatch: 'NoRoute',
  NoTrips: 'NoRoute',
  TooBig: 'TooBig',
  InvalidQuery: 'InvalidInput',
  InvalidValue: 'InvalidInput',
  InvalidOptions: 'InvalidInput',
  // The server is not the OSRM v5 we expect at this URL: a configuration problem, not the caller's input.
  InvalidUrl: 'RoutingUnavailable',
  InvalidService: 'RoutingUnavailable',
  InvalidVersion: 'RoutingUnavailable',
};

/** Turns an OSRM error body into a RoutingError that keeps OSRM's code and message. */
export function osrmError(body: OsrmErrorBody, status: number, baseUrl: string): RoutingError {
  const code = CODE_MAP[body.code] ?? 'RoutingUnavailable';
  const hint = code === 'RoutingUnavailable' ? `; is ROUTER_URL (${baseUrl}) an OSRM v5 server?` : '';
  return new RoutingError(code, `OSRM ${body.code}: ${body.message ?? '(no message)'}${hint}`, {
    cause: { status, body },
  });
}
