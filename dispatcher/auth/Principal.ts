import type { TokenRole } from '../../protocol/auth';

/**
 * Who a verified token speaks for. A rider's subject is their riderId; a driver's subject is the driver,
 * and vehicleId the vehicle they signed in to. Planners and operators act for the service, not a person's data.
 */
export type Principal =
  | { role: 'rider'; subject: string }
  | { role: 'driver'; subject: string; vehicleId: string }
  | { role: 'planner'; subject: string }
  | { role: 'operator'; subject: string }
  /** A MaaS provider booking through TOMP-API: its bookings are trips of its own riders. */
  | { role: 'maas'; subject: string };

export type PrincipalOf<R extends TokenRole> = Extract<Principal, { role: R }>;

/** One key per person: rate limits and connection counts are kept per key. */
export function principalKey(p: Principal): string {
  return p.role === 'driver' ? `driver:${p.subject}@${p.vehicleId}` : `${p.role}:${p.subject}`;
}
