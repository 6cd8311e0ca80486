import type { ApiErrorBody } from '../../protocol/errors';
import type { TripRequestInput, TripView } from '../../protocol/trips';
import type { TokenSource } from '../../dispatcher/auth/TokenIssuer';

export class DispatcherHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The dispatcher's HTTP API as simulated riders and operators use it, each with their own token. */
export class DispatcherClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: TokenSource,
  ) {}

  /** The same API with another's token (a rider's, from the operator's client). */
  as(token: TokenSource): DispatcherClient {
    return new DispatcherClient(this.baseUrl, token);
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const auth: Record<string, string> = this.token ? { authorization: `Bearer ${await this.token()}` } : {};
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const e = (parsed as ApiErrorBody | null)?.error;
      throw new DispatcherHttpError(res.status, e?.code ?? 'Unknown', e?.message ?? `HTTP ${res.status}`);
    }
    return parsed as T;
  }

  requestTrip(body: TripRequestInput, idempotencyKey?: string): Promise<TripView> {
    return this.call('POST', '/trips', body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});
  }
  accept(tripId: string): Promise<TripView> {
    return this.call('POST', `/trips/${tripId}/accept`);
  }
  decline(tripId: string): Promise<TripView> {
    return this.call('POST', `/trips/${tripId}/decline`);
  }
  cancel(tripId: string, reason: string): Promise<TripView> {
    return this.call('POST', `/trips/${tripId}/cancel`, { reason });
  }
  getTrip(tripId: string): Promise<TripView> {
    return this.call('GET', `/trips/${tripId}`);
  }
  upsertVehicle(id: string, body: { seats: number; wheelchairPlaces?: number; depot: [number, number]; name?: string }): Promise<unknown> {
    return this.call('PUT', `/vehicles/${id}`, body);
  }
  startShift(id: string, endsAt: number, position?: [number, number]): Promise<unknown> {
    return this.call('POST', `/vehicles/${id}/shift/start`, { endsAt, ...(position ? { position } : {}) });
  }
}
