import { API_ERRORS, type ApiErrorCode } from '../../../protocol/errors';
import type { PlannerMetrics } from '../../../protocol/metrics';
import type { NearbyVehicle, TripRequestInput, TripView } from '../../../protocol/trips';
import type { NetworkFeatureCollection, PlacesResponse, TripOriginsResponse } from '../../../dispatcher/api/PageData';

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

async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: init.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiFailure('NetworkError', e instanceof Error ? e.message : String(e), 0);
  }
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

const enc = encodeURIComponent;
const range = (r: { fromS?: number; toS?: number }) =>
  new URLSearchParams(Object.entries({ from: r.fromS, to: r.toS }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();

/** The dispatcher's HTTP API as the pages use it (same origin). */
export const api = {
  requestTrip: (body: TripRequestInput, idempotencyKey: string) => call<TripView>('POST', '/trips', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  getTrip: (id: string) => call<TripView>('GET', `/trips/${enc(id)}`),
  acceptTrip: (id: string) => call<TripView>('POST', `/trips/${enc(id)}/accept`),
  declineTrip: (id: string) => call<TripView>('POST', `/trips/${enc(id)}/decline`),
  cancelTrip: (id: string, reason: string) => call<TripView>('POST', `/trips/${enc(id)}/cancel`, { reason }),
  nearbyVehicles: (at: [number, number]) => call<{ vehicles: NearbyVehicle[] }>('GET', `/vehicles/nearby?lon=${at[0]}&lat=${at[1]}`),
  searchPlaces: (q: string, signal?: AbortSignal) => call<PlacesResponse>('GET', `/places?q=${enc(q)}`, undefined, { signal }),
  network: () => call<NetworkFeatureCollection>('GET', '/network.geojson'),
  metrics: (r: { fromS?: number; toS?: number }) => call<PlannerMetrics>('GET', `/metrics?${range(r)}`),
  tripOrigins: (r: { fromS?: number; toS?: number }) => call<TripOriginsResponse>('GET', `/trips/origins?${range(r)}`),
  tripsCsvUrl: (r: { fromS?: number; toS?: number }) => `/trips.csv?${range(r)}`,
};
