import { type Clock, SystemClock } from '../clock/Clock';
import type { AuthConfig } from './AuthConfig';
import { TokenIssuer } from './TokenIssuer';
import { createTokenVerifier, type TokenVerifier } from './TokenVerifier';

/** The dispatcher's token handling, built once from its AuthConfig and shared by HTTP and the websockets. */
export interface ServerAuth {
  readonly config: AuthConfig;
  readonly verifier: TokenVerifier;
  /** Signs tokens with the server's HS256 secret; null when it holds only a public key. */
  readonly issuer: TokenIssuer | null;
}

export async function createServerAuth(config: AuthConfig, clock: Clock = new SystemClock()): Promise<ServerAuth> {
  return { config, verifier: await createTokenVerifier(config, clock), issuer: TokenIssuer.fromConfig(config, clock) };
}
