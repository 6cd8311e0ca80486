import { SignJWT } from 'jose';
import { type Clock, SystemClock } from '../clock/Clock';
import { AUTH_DEFAULTS, type AuthConfig, checkAuthConfig } from './AuthConfig';
import type { Principal } from './Principal';

/** Something that hands out a current token (refreshed before it expires). */
export type TokenSource = () => Promise<string>;

/**
 * Signs HS256 tokens with the dispatcher's shared secret: development tokens (POST /auth/dev-token) and the
 * tokens of in-process simulated riders and drivers, tests and the load harness. A deployment whose tokens
 * come from an identity provider has no secret here and signs nothing.
 */
export class TokenIssuer {
  private readonly secret: Uint8Array;

  constructor(
    private readonly config: Pick<AuthConfig, 'secret' | 'issuer' | 'audience'>,
    private readonly clock: Clock = new SystemClock(),
  ) {
    if (!config.secret) throw new Error('A TokenIssuer needs the HS256 secret');
    this.secret = new TextEncoder().encode(config.secret);
  }

  /** A TokenIssuer for the settings, or null when they hold only a public key. */
  static fromConfig(config: AuthConfig, clock?: Clock): TokenIssuer | null {
    checkAuthConfig(config);
    return config.secret ? new TokenIssuer(config, clock) : null;
  }

  /** A signed token for this principal, valid for ttlS seconds from now. */
  async issue(principal: Principal, ttlS: number = AUTH_DEFAULTS.tokenTtlS): Promise<{ token: string; expiresAt: number }> {
    const now = Math.floor(this.clock.nowS());
    const expiresAt = now + Math.max(1, Math.round(ttlS));
    const claims = principal.role === 'driver' ? { role: principal.role, vehicleId: principal.vehicleId } : { role: principal.role };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setSubject(principal.subject)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(this.secret);
    return { token, expiresAt };
  }

  /** The token only. */
  async token(principal: Principal, ttlS?: number): Promise<string> {
    return (await this.issue(principal, ttlS)).token;
  }

  /** A source that keeps one token for this principal and signs a new one when less than a tenth of its life is left. */
  source(principal: Principal, ttlS: number = AUTH_DEFAULTS.tokenTtlS): TokenSource {
    let current: Promise<{ token: string; expiresAt: number }> | undefined;
    return async () => {
      const held = current ? await current : undefined;
      if (held && held.expiresAt - this.clock.nowS() > ttlS / 10) return held.token;
      current = this.issue(principal, ttlS);
      return (await current).token;
    };
  }
}
