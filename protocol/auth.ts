/**
 * Roles and the development token endpoint, shared by the server and the pages. A token is a JWT whose
 * `role` claim is one of TOKEN_ROLES and whose `sub` names the person: a rider's sub is their riderId; a
 * driver's sub is the driver and its `vehicleId` claim the vehicle they signed in to.
 */
export const TOKEN_ROLES = ['rider', 'driver', 'planner', 'operator'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Served only by a dispatcher started with a development key (`anystop demo`, `serve --dev-auth`). */
export const DEV_TOKEN_PATH = '/auth/dev-token';

/** POST /auth/dev-token: a token for any role, without a password. Development only. */
export type DevTokenRequest =
  | { role: 'rider'; riderId: string }
  | { role: 'driver'; vehicleId: string; driverId?: string | undefined }
  | { role: 'planner'; subject?: string | undefined }
  | { role: 'operator'; subject?: string | undefined };

export interface DevTokenResponse {
  token: string;
  role: TokenRole;
  subject: string;
  /** Epoch seconds; get a new token before then. */
  expiresAt: number;
}
