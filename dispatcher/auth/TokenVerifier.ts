import { createPublicKey } from 'node:crypto';
import { errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { z } from 'zod';
import { TOKEN_ROLES } from '../../protocol/auth';
import { type Clock, SystemClock } from '../clock/Clock';
import { type AuthConfig, checkAuthConfig } from './AuthConfig';
import type { Principal } from './Principal';
import { VerifiedTokenCache } from './VerifiedTokenCache';
import { hs256FastClaims } from './hs256FastClaims';

/** Why a token was refused; the message says it in words a client developer can act on. */
export type TokenProblem = 'missing' | 'expired' | 'invalid';

export class TokenRejected extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenRejected';
  }
}

/** A token that passed: who it speaks for, and until when (epoch seconds). */
export interface VerifiedToken {
  principal: Principal;
  expiresAtS: number;
  /** Seconds left until it expires, on the verifier's clock. */
  validForS: number;
}

/** Checks a token and says who it speaks for. */
export interface TokenVerifier {
  /** Resolves to the principal and expiry, or rejects with TokenRejected. */
  verify(token: string | undefined): Promise<VerifiedToken>;
}

const id = z.string().min(1).max(64);
/** The claims Anystop reads, beyond the registered ones jose checks (iss, aud, exp, nbf). */
const claimsSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('rider'), sub: id }),
  z.object({ role: z.literal('driver'), sub: id, vehicleId: id }),
  z.object({ role: z.literal('planner'), sub: id }),
  z.object({ role: z.literal('operator'), sub: id }),
  z.object({ role: z.literal('maas'), sub: id }),
]);

/** ES256 for a P-256 key, RS256 for an RSA key; the algorithm comes from the key, never from the token alone. */
function publicKeyAlgorithm(pem: string): 'ES256' | 'RS256' {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`Unsupported public key (${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}): use P-256 (ES256) or RSA (RS256)`);
}

/**
 * Verifies JWTs with jose: signature (HS256 with the secret, ES256/RS256 with the public key, whichever are
 * configured), issuer, audience, a required expiry, then Anystop's own claims (role, sub, a driver's vehicleId).
 * Time is the wall clock given, not the dispatch clock: a token is a real-world credential. A token that verified
 * is remembered (VerifiedTokenCache), so its signature is checked once, its expiry on every use.
 */
export async function createTokenVerifier(config: AuthConfig, clock: Clock = new SystemClock()): Promise<TokenVerifier> {
  checkAuthConfig(config);
  // Imported once: handed raw bytes, jose imports the HMAC key anew for every token it verifies.
  const secret =
    config.secret === undefined
      ? undefined
      : await crypto.subtle.importKey('raw', new TextEncoder().encode(config.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  let publicKey: { alg: 'ES256' | 'RS256'; key: CryptoKey } | undefined;
  if (config.publicKey !== undefined) {
    const alg = publicKeyAlgorithm(config.publicKey);
    publicKey = { alg, key: await importSPKI(config.publicKey, alg) };
  }
  const algorithms = [...(secret ? ['HS256'] : []), ...(publicKey ? [publicKey.alg] : [])];
  const keyFor = (alg: string | undefined): CryptoKey => {
    if (alg === 'HS256' && secret) return secret;
    if (publicKey && alg === publicKey.alg) return publicKey.key;
    throw new errors.JOSEAlgNotAllowed(`"alg" ${alg} is not accepted`);
  };

  const withJose = async (token: string): Promise<JWTPayload> => {
    try {
      const { payload } = await jwtVerify(token, async (header) => keyFor(header.alg), {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: config.clockToleranceS,
        currentDate: new Date(clock.nowS() * 1000),
      });
      return payload;
    } catch (e) {
      throw rejection(e);
    }
  };

  const verified = new VerifiedTokenCache();
  const rawSecret = config.secret === undefined ? undefined : Buffer.from(config.secret, 'utf8');

  return {
    async verify(token) {
      if (!token) throw new TokenRejected('missing', 'No token: send Authorization: Bearer <token>');
      const hit = verified.get(token);
      if (hit) {
        // The same check jose makes on "exp", on the same clock and tolerance.
        if (hit.expiresAtS <= clock.nowS() - config.clockToleranceS) {
          verified.delete(token);
          throw new TokenRejected('expired', 'The token has expired: get a new one');
        }
        return { principal: hit.principal, expiresAtS: hit.expiresAtS, validForS: hit.expiresAtS - clock.nowS() };
      }
      // A plain HS256 token that passes is decided synchronously; anything else (or a refusal) is jose's to judge.
      const fast = rawSecret ? hs256FastClaims(token, { secret: rawSecret, issuer: config.issuer, audience: config.audience, clockToleranceS: config.clockToleranceS, nowS: clock.nowS() }) : null;
      const payload: JWTPayload = (fast as JWTPayload | null) ?? (await withJose(token));
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) {
        throw new TokenRejected('invalid', `The token's claims are not Anystop's: role (${TOKEN_ROLES.join(', ')}), sub, and vehicleId for a driver`);
      }
      const c = claims.data;
      const principal: Principal = c.role === 'driver' ? { role: 'driver', subject: c.sub, vehicleId: c.vehicleId } : { role: c.role, subject: c.sub };
      verified.set(token, { principal, expiresAtS: payload.exp! });
      return { principal, expiresAtS: payload.exp!, validForS: payload.exp! - clock.nowS() };
    },
  };
}

function rejection(e: unknown): TokenRejected {
  if (e instanceof errors.JWTExpired) return new TokenRejected('expired', 'The token has expired: get a new one', { cause: e });
  if (e instanceof errors.JWTClaimValidationFailed) {
    return new TokenRejected('invalid', `The token's "${e.claim}" claim is not accepted here (${e.reason})`, { cause: e });
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return new TokenRejected('invalid', 'The token signature does not verify', { cause: e });
  if (e instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('invalid', 'The token is signed with an algorithm this server does not accept', { cause: e });
  return new TokenRejected('invalid', 'The token is not a valid JWT', { cause: e });
}
