import { DEV_TOKEN_PATH, type DevTokenRequest, type DevTokenResponse } from '../../protocol/auth';

/** A token is renewed when it has less than this left. */
const RENEW_BEFORE_S = 60;
const STORAGE_PREFIX = 'anystop.token.';

interface Kept {
  token: string;
  expiresAt: number;
  /** Whom it was asked for: a token for another rider or vehicle is not reused. */
  for: string;
}

/** A sign-in the page cannot get by itself: no token kept, and no development endpoint on this dispatcher. */
export class SignInNeeded extends Error {
  readonly code = 'Unauthenticated';
  constructor(message: string) {
    super(message);
    this.name = 'SignInNeeded';
  }
}

/** The `exp` of a JWT, read without checking it (the dispatcher checks; the page only plans renewals). */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : 0;
  } catch {
    return 0;
  }
}

/**
 * The page's token, kept on the device. A token handed to the page in the address (`#token=…`, as a sign-in
 * service would) is taken and kept; otherwise, on a dispatcher started with a development key (the demo),
 * the page asks POST /auth/dev-token for one. Renewed before it expires, and at once when the dispatcher
 * refuses it (`renew()`: the demo restarted with a new key).
 */
export class Session {
  private pending: Promise<string> | null = null;
  private readonly key: string;
  private readonly whom: string;

  constructor(private readonly request: DevTokenRequest) {
    this.key = STORAGE_PREFIX + request.role;
    this.whom = JSON.stringify(request);
    const handed = new URLSearchParams(location.hash.slice(1)).get('token');
    if (handed) {
      this.keep({ token: handed, expiresAt: expiryOf(handed), for: this.whom });
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  /** A current token: the kept one while it lasts, else a new one. */
  token(): Promise<string> {
    const kept = this.kept();
    if (kept && kept.expiresAt - Date.now() / 1000 > RENEW_BEFORE_S) return Promise.resolve(kept.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Forgets the kept token (the dispatcher refused it); the next token() gets a new one. */
  renew(): void {
    localStorage.removeItem(this.key);
  }

  private kept(): Kept | null {
    try {
      const kept = JSON.parse(localStorage.getItem(this.key) ?? 'null') as Kept | null;
      return kept && kept.for === this.whom ? kept : null;
    } catch {
      return null;
    }
  }

  private keep(kept: Kept): void {
    localStorage.setItem(this.key, JSON.stringify(kept));
  }

  private async fetchToken(): Promise<string> {
    const res = await fetch(DEV_TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.request) });
    if (res.status === 404) throw new SignInNeeded('This dispatcher needs a sign-in: open the page with the link your sign-in service gave you.');
    if (!res.ok) throw new SignInNeeded(`Could not get a sign-in (${res.status})`);
    const answer = (await res.json()) as DevTokenResponse;
    this.keep({ token: answer.token, expiresAt: answer.expiresAt, for: this.whom });
    return answer.token;
  }
}
