import type { ApiErrorBody } from '../../protocol/errors';
import type { TripRequestInput, TripView } from '../../protocol/trips';
import type { TokenSource } from '../../dispatcher/auth/TokenIssuer';

/**
 * How a client repeats a request that got no answer (connection refused or reset: the dispatcher is restarting) or a
 * 503 (database or router unavailable, shutting down): up to `attempts` tries in all, waiting the answer's Retry-After
 * (at most maxWaitMs) or backoffMs × 2^n. Only for requests that are safe to repeat: trip requests carry their
 * Idempotency-Key, and accept, decline and cancel end in the same state when repeated.
 */
export interface ClientRetry {
  attempts: number;
  backoffMs: number;
  maxWaitMs: number;
}

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
    /** Omitted: every failure is thrown at once. */
    private readonly retry?: ClientRetry,
  ) {}

  /** The same API with another's token (a rider's, from the operator's client). */
  as(token: TokenSource): DispatcherClient {
    return new DispatcherClient(this.baseUrl, token, this.retry);
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= (this.retry?.attempts ?? 1);
      let res: Response;
      try {
        res = await this.send(method, path, body, headers);
      } catch (e) {
        if (last) throw e; // no answer at all (fetch failed): the dispatcher is down or restarting
        await this.pause(attempt, null);
        continue;
      }
      if (res.status === 503 && !last) {
        await res.text();
        await this.pause(attempt, res.headers.get('retry-after'));
        continue;
      }
      return this.read<T>(res);
    }
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const auth: Record<string, string> = this.token ? { authorization: `Bearer ${await this.token()}` } : {};
    return fetch(this.baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private pause(attempt: number, retryAfter: string | null): Promise<void> {
    const r = this.retry!;
    const asked = retryAfter !== null && Number(retryAfter) > 0 ? Number(retryAfter) * 1000 : r.backoffMs * 2 ** (attempt - 1);
    return new Promise((resolve) => setTimeout(resolve, Math.min(r.maxWaitMs, asked)));
  }

  private async read<T>(res: Response): Promise<T> {
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
  upsertVehicle(id: string, body: { seats: number; wheelchairPlaces?: number; depot: [number, number]; name?: string; plate?: string; colour?: string }): Promise<unknown> {
    return this.call('PUT', `/vehicles/${id}`, body);
  }
  startShift(id: string, endsAt: number, position?: [number, number]): Promise<unknown> {
    return this.call('POST', `/vehicles/${id}/shift/start`, { endsAt, ...(position ? { position } : {}) });
  }
}
