import { randomBytes } from 'node:crypto';

/** Names and defaults of the token settings. */
export const AUTH_DEFAULTS = Object.freeze({
  issuer: 'anystop',
  audience: 'anystop-dispatcher',
  /** Leeway for clocks that disagree a little (exp, nbf, iat). */
  clockToleranceS: 30,
  /** Lifetime of the tokens the server signs itself (development tokens, in-process simulators). */
  tokenTtlS: 3600,
  /** HS256 needs a secret at least this long (RFC 7518 §3.2: as long as the hash). */
  minSecretBytes: 32,
});

/** The environment variables the dispatcher reads its keys and token checks from. */
export const AUTH_ENV = Object.freeze({
  secret: 'ANYSTOP_JWT_SECRET',
  publicKey: 'ANYSTOP_JWT_PUBLIC_KEY',
  issuer: 'ANYSTOP_JWT_ISSUER',
  audience: 'ANYSTOP_JWT_AUDIENCE',
});

/** How the dispatcher checks tokens, and whether it signs development tokens. */
export interface AuthConfig {
  /** HS256 shared secret, at least 32 bytes: the dispatcher can check and sign tokens. */
  secret?: string;
  /** A PEM public key (SPKI): P-256 for ES256 or RSA for RS256. The dispatcher checks tokens only. */
  publicKey?: string;
  issuer: string;
  audience: string;
  clockToleranceS: number;
  /** Serves POST /auth/dev-token: anyone gets a token for any role. Development and demos only. */
  devTokens: boolean;
}

/** A configuration the dispatcher cannot start with; the message says what to set. */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}

/** A fresh random HS256 secret (256 bits). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The settings from the environment. Without a key the dispatcher must not start: unless `devAuth` says this
 * is a development server, which then signs its own tokens with the configured secret or a random one.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, options: { devAuth: boolean }): AuthConfig {
  const secret = env[AUTH_ENV.secret] || undefined;
  const publicKey = env[AUTH_ENV.publicKey]?.replace(/\\n/g, '\n') || undefined;
  if (!secret && !publicKey && !options.devAuth) {
    throw new AuthConfigError(
      `No token key configured. Set ${AUTH_ENV.secret} (HS256, at least ${AUTH_DEFAULTS.minSecretBytes} bytes) or ` +
        `${AUTH_ENV.publicKey} (a PEM public key for ES256 or RS256), or pass --dev-auth to sign development tokens (never in production).`,
    );
  }
  const config: AuthConfig = {
    secret: secret ?? (options.devAuth ? randomSecret() : undefined),
    publicKey,
    issuer: env[AUTH_ENV.issuer] || AUTH_DEFAULTS.issuer,
    audience: env[AUTH_ENV.audience] || AUTH_DEFAULTS.audience,
    clockToleranceS: AUTH_DEFAULTS.clockToleranceS,
    devTokens: options.devAuth,
  };
  checkAuthConfig(config);
  return config;
}

/** Settings for a dispatcher that signs its own tokens with a random secret (tests, what-if runs); no dev endpoint. */
export function selfSignedAuthConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    secret: randomSecret(),
    issuer: AUTH_DEFAULTS.issuer,
    audience: AUTH_DEFAULTS.audience,
    clockToleranceS: AUTH_DEFAULTS.clockToleranceS,
    devTokens: false,
    ...overrides,
  };
}

/** Throws an AuthConfigError naming what to fix. */
export function checkAuthConfig(config: AuthConfig): void {
  if (!config.secret && !config.publicKey) throw new AuthConfigError(`Configure ${AUTH_ENV.secret} or ${AUTH_ENV.publicKey}`);
  if (config.secret !== undefined && Buffer.byteLength(config.secret) < AUTH_DEFAULTS.minSecretBytes) {
    throw new AuthConfigError(`${AUTH_ENV.secret} must be at least ${AUTH_DEFAULTS.minSecretBytes} bytes; make one with: openssl rand -base64 32`);
  }
  if (config.publicKey !== undefined && !config.publicKey.includes('BEGIN PUBLIC KEY')) {
    throw new AuthConfigError(`${AUTH_ENV.publicKey} must be a PEM public key (-----BEGIN PUBLIC KEY-----)`);
  }
  if (config.devTokens && !config.secret) throw new AuthConfigError('Development tokens need a signing secret');
}
