import { type AuthConfig, selfSignedAuthConfig } from '../dispatcher/auth/AuthConfig';
import type { Principal } from '../dispatcher/auth/Principal';
import { createServerAuth, type ServerAuth } from '../dispatcher/auth/ServerAuth';

/** Principals for tests, by role. */
export const who = Object.freeze({
  rider: (riderId: string): Principal => ({ role: 'rider', subject: riderId }),
  driver: (vehicleId: string, driverId = `driver-${vehicleId}`): Principal => ({ role: 'driver', subject: driverId, vehicleId }),
  planner: (subject = 'planner-1'): Principal => ({ role: 'planner', subject }),
  operator: (subject = 'operator-1'): Principal => ({ role: 'operator', subject }),
});

export interface TestAuth {
  config: AuthConfig;
  /** What createApp, attachRealtime (through tokenAuthorizer) and startServer take. */
  auth: ServerAuth;
  token(principal: Principal, ttlS?: number): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for fetch. */
  bearer(principal: Principal): Promise<Record<string, string>>;
}

/** A server auth with a random HS256 secret, and tokens signed with it for any principal. */
export async function createTestAuth(overrides: Partial<AuthConfig> = {}): Promise<TestAuth> {
  const config = selfSignedAuthConfig(overrides);
  const auth = await createServerAuth(config);
  const token = (principal: Principal, ttlS?: number) => auth.issuer!.token(principal, ttlS);
  return { config, auth, token, bearer: async (p) => ({ authorization: `Bearer ${await token(p)}` }) };
}
