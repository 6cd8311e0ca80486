import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import { API_ERRORS, type ApiErrorCode } from '../../protocol/errors';
import type { MetricsIntervals, PlannerMetrics } from '../../protocol/metrics';
import type { NearbyVehicle, RiderTripsResponse, TripRequestInput, TripView } from '../../protocol/trips';
import type { RecurringTripView, ServiceHoursView } from '../../protocol/serviceRules';
import type { NetworkFeatureCollection, PlacesResponse, TripOriginsResponse } from '../../protocol/pages';
import { type Session, SignInNeeded } from './session';

export type FailureCode = ApiErrorCode | 'NetworkError' | 'BadResponse';

/** A failed API call: the server's error code (or NetworkError / BadResponse), its message, the HTTP status (0 offline). */
export class ApiFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && code in API_ERRORS;
}

let session: Session | null = null;

/** Every call from now on carries this session's token (Authorization: Bearer). */
export function useSession(s: Session): void {
  session = s;
}

/** Sends the request with the session's token; a token the dispatcher refuses (401) is renewed and the request sent once more. */
async function send(method: string, path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      const auth: Record<string, string> = session ? { authorization: `Bearer ${await session.token()}` } : {};
      res = await fetch(path, { ...init, method, headers: { ...init.headers, ...auth } });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      if (e instanceof SignInNeeded) throw new ApiFailure('Unauthenticated', e.message, 401);
      throw new ApiFailure('NetworkError', e instanceof Error ? e.message : String(e), 0);
    }
    if (res.status !== 401 || !session || attempt > 0) return res;
    session.renew();
  }
}

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await send(method, path, {
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: init.signal,
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiFailure('BadResponse', `${method} ${path} answered ${res.status} with something that is not JSON`, res.status);
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `${method} ${path} failed with ${res.status}`;
    throw new ApiFailure(isApiErrorCode(error?.code) ? error.code : 'BadResponse', message, res.status);
  }
  return parsed as T;
}

/** Any call of the dispatcher's API with the page's token; pages with endpoints of their own (the operator console) build on it. */
export const apiCall = call;

const enc = encodeURIComponent;
const range = (r: { fromS?: number; toS?: number; stepS?: number; tz?: string }) =>
  new URLSearchParams(Object.entries({ from: r.fromS, to: r.toS, step: r.stepS, tz: r.tz }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();

/** The dispatcher's HTTP API as the pages use it (same origin). */
export const api = {
  requestTrip: (body: TripRequestInput, idempotencyKey: string) => call<TripView>('POST', '/trips', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  /** A rider's own trip (a planner's token gets it without riderId). */
  getTrip: (id: string) => call<TripView>('GET', `/trips/${enc(id)}`),
  /** A rider's upcoming trips and history. */
  riderTrips: (riderId: string) => call<RiderTripsResponse>('GET', `/riders/${enc(riderId)}/trips`),
  acceptTrip: (id: string) => call<TripView>('POST', `/trips/${enc(id)}/accept`),
  declineTrip: (id: string) => call<TripView>('POST', `/trips/${enc(id)}/decline`),
  cancelTrip: (id: string, reason: string) => call<TripView>('POST', `/trips/${enc(id)}/cancel`, { reason }),
  /** The rider's rating of their completed ride (rating again replaces it). */
  rateTrip: (id: string, body: TripRatingInput) => call<TripRating>('POST', `/trips/${enc(id)}/rating`, body),
  /** The zones' hours and the shifts scheduled in the coming week (the rider page shows them). */
  serviceHours: () => call<ServiceHoursView>('GET', '/service-hours'),
  /** The signed-in rider's recurring trips with their coming occurrences. */
  recurringTrips: () => call<{ recurringTrips: RecurringTripView[] }>('GET', '/recurring-trips'),
  /** Skips one day (YYYY-MM-DD) of a recurring trip. */
  cancelOccurrence: (id: string, date: string) => call<RecurringTripView>('DELETE', `/recurring-trips/${enc(id)}/occurrences/${enc(date)}`),
  nearbyVehicles: (at: [number, number]) => call<{ vehicles: NearbyVehicle[] }>('GET', `/vehicles/nearby?lon=${at[0]}&lat=${at[1]}`),
  /** Places by name; a long street comes back at its point nearest to `near` (where the rider looks). */
  searchPlaces: (q: string, near: [number, number] | null, signal?: AbortSignal) =>
    call<PlacesResponse>('GET', `/places?q=${enc(q)}${near ? `&near=${near[0].toFixed(6)},${near[1].toFixed(6)}` : ''}`, undefined, { signal }),
  network: () => call<NetworkFeatureCollection>('GET', '/network.geojson'),
  metrics: (r: { fromS?: number; toS?: number }) => call<PlannerMetrics>('GET', `/metrics?${range(r)}`),
  /** The same figures per interval of the range (each interval its own trips, not a running total). */
  metricsIntervals: (r: { fromS: number; toS: number; stepS: number }) => call<MetricsIntervals>('GET', `/metrics/intervals?${range(r)}`),
  tripOrigins: (r: { fromS?: number; toS?: number }) => call<TripOriginsResponse>('GET', `/trips/origins?${range(r)}`),
  /** `tz`: the IANA time zone the export's times are written in (with their offset). */
  tripsCsvUrl: (r: { fromS?: number; toS?: number; tz?: string }) => `/trips.csv?${range(r)}`,
  /** The CSV export as a file (a plain link would not carry the token). */
  async tripsCsv(r: { fromS?: number; toS?: number; tz?: string }): Promise<Blob> {
    const res = await send('GET', api.tripsCsvUrl(r), { headers: { accept: 'text/csv' } });
    if (!res.ok) throw new ApiFailure(res.status === 401 ? 'Unauthenticated' : res.status === 403 ? 'Forbidden' : 'BadResponse', `GET /trips.csv failed with ${res.status}`, res.status);
    return res.blob();
  },
};
