import { z } from 'zod';

/**
 * Roles and the development token endpoint, shared by the server and the pages. A token is a JWT whose
 * `role` claim is one of TOKEN_ROLES and whose `sub` names the person: a rider's sub is their riderId; a
 * driver's sub is the driver and its `vehicleId` claim the vehicle they signed in to.
 */
export const TOKEN_ROLES = ['rider', 'driver', 'planner', 'operator'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Served only by a dispatcher started with a development key (`anystop demo`, `serve --dev-auth`). */
export const DEV_TOKEN_PATH = '/auth/dev-token';

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

/** POST /auth/dev-token: a token for any role, without a password. Development only. */
export const devTokenRequestSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('rider'), riderId: idSchema }).strict(),
  z.object({ role: z.literal('driver'), vehicleId: idSchema, driverId: idSchema.optional() }).strict(),
  z.object({ role: z.literal('planner'), subject: idSchema.optional() }).strict(),
  z.object({ role: z.literal('operator'), subject: idSchema.optional() }).strict(),
]);
export type DevTokenRequest = z.input<typeof devTokenRequestSchema>;

export interface DevTokenResponse {
  token: string;
  role: TokenRole;
  subject: string;
  /** Epoch seconds; get a new token before then. */
  expiresAt: number;
}
