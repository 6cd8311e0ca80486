import { RoutingError } from '../errors';
import { type RetryPolicy, runWithRetry } from './RetryPolicy';

/** An answer the backend meant: any status below 500 except 429, with its JSON body. */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/**
 * GET + JSON over Node's global fetch, shared by the HTTP routing backends. Everything that means
 * "the backend could not answer" (refused connection, timeout, 5xx, 429, a body that is not JSON)
 * becomes RoutingUnavailable after the policy's retries; 4xx answers go back to the engine, whose
 * error bodies only it can read.
 */
export class HttpTransport {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly policy: RetryPolicy,
    /** Engine name for messages: 'OSRM', 'GraphHopper'. */
    private readonly label: string,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** `pathAndQuery` starts with '/'. */
  getJson(pathAndQuery: string): Promise<HttpAnswer> {
    const what = `${this.label} at ${this.baseUrl}`;
    return runWithRetry(this.policy, what, (signal) => this.once(this.baseUrl + pathAndQuery, what, signal));
  }

  private async once(url: string, what: string, signal: AbortSignal): Promise<HttpAnswer> {
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, { signal, headers: { accept: 'application/json' } });
      status = response.status;
      text = await response.text();
    } catch (e) {
      throw new RoutingError('RoutingUnavailable', `${what} is unreachable (${describeFetchFailure(e)}); is it running?`, {
        cause: e,
      });
    }
    if (status >= 500 || status === 429) {
      throw new RoutingError('RoutingUnavailable', `${what} answered HTTP ${status}: ${excerpt(text)}`);
    }
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch (e) {
      throw new RoutingError('RoutingUnavailable', `${what} answered HTTP ${status} with a body that is not JSON: ${excerpt(text)}`, {
        cause: e,
      });
    }
  }
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. Duck-typed: errors may come from another realm. */
function describeFetchFailure(e: unknown): string {
  const err = e as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  if (typeof err?.cause?.message === 'string') return err.cause.message;
  return typeof err?.message === 'string' ? err.message : String(e);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || '(empty body)';
}
