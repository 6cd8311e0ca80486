import { selfSignedAuthConfig } from '../../dispatcher/auth/AuthConfig';
import type { Principal } from '../../dispatcher/auth/Principal';
import { TokenIssuer } from '../../dispatcher/auth/TokenIssuer';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
  ms: number;
}

/** `{ error: { code } }` of an answer, or undefined. */
export function errorCode(answer: ApiAnswer): string | undefined {
  return (answer.body as { error?: { code?: string } } | null)?.error?.code;
}

/**
 * HTTP calls to a dispatcher in another process with tokens signed by the secret it was started with
 * (ANYSTOP_JWT_SECRET in `env`), as the fault tests need them: every answer, not only the good ones, with its time.
 */
export class ApiCaller {
  readonly config = selfSignedAuthConfig();
  readonly issuer = new TokenIssuer(this.config);
  baseUrl = '';

  /** What `anystop serve` needs to accept these tokens. */
  get env(): NodeJS.ProcessEnv {
    return { ANYSTOP_JWT_SECRET: this.config.secret, ANYSTOP_JWT_ISSUER: this.config.issuer, ANYSTOP_JWT_AUDIENCE: this.config.audience };
  }

  token(principal: Principal): Promise<string> {
    return this.issuer.token(principal);
  }

  async call(method: string, path: string, as: Principal | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const auth: Record<string, string> = as ? { authorization: `Bearer ${await this.token(as)}` } : {};
    const started = performance.now();
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: parsed, ms: performance.now() - started };
  }
}
