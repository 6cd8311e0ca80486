import { TOKEN_ROLES, type TokenRole } from '../../protocol/auth';

/**
 * Who may do what: the one table the HTTP routes and the websocket channels enforce, that
 * docs/authorization.md shows, and that the authorization matrix test walks cell by cell.
 */

/** What a role may do on a route: on every resource, only its own, every one without rider contact data, or nothing. */
export type Access = 'all' | 'own' | 'redacted' | 'none';

/**
 * What "own" means on a route: a trip the rider booked (another rider's trip is a 404, so its existence is not
 * revealed), the riderId a request names, the vehicle the driver signed in to (another's is a 403), or a TOMP booking
 * the MaaS provider made for one of its riders (another provider's booking is a 404, as a trip is).
 */
export type Ownership = 'trip' | 'rider' | 'vehicle' | 'booking';

export interface AccessRule {
  /** `POST /trips/:id/accept`, or a websocket step: `ws hello rider`, `ws stop_event`. */
  id: string;
  kind: 'http' | 'ws';
  summary: string;
  /** What "own" is measured against; null when the route names no one's resource. */
  ownership: Ownership | null;
  roles: Readonly<Record<TokenRole, Access>>;
}

/** Routes anyone may call without a token. */
export const PUBLIC_ROUTES = [
  { id: 'GET /health', summary: 'liveness, and whether the database and the router answer' },
  { id: 'GET /ready', summary: 'readiness: 503 while the database is down or the dispatcher is stopping' },
  { id: 'GET /openapi.json', summary: 'the API description' },
  { id: 'GET /places', summary: 'street search for the rider page' },
  { id: 'GET /network.geojson', summary: 'the router’s roads, drawn when map tiles cannot load' },
  { id: 'GET /, /rider, /driver, /planner, /operator, /assets/*', summary: 'the pages' },
  { id: 'POST /auth/dev-token', summary: 'a token for any role: only on a server started with a development key, else 404' },
  { id: 'GET /gtfs/flex.zip', summary: 'the service as a GTFS-Flex feed (zones, hours, booking rules)' },
  { id: 'GET /gofs/gofs.json, /gofs/*', summary: 'the service as GOFS, with wait_time and realtime_booking (quotes; nothing booked)' },
  { id: 'GET /gtfs-rt/vehicle-positions, /gtfs-rt/trip-updates', summary: 'GTFS-Realtime of the live fleet, without riders' },
] as const;

/** A MaaS provider (TOMP-API) may use only the rows that give it access; none of the others. */
const roles = (rider: Access, driver: Access, planner: Access, operator: Access, maas: Access = 'none') => ({ rider, driver, planner, operator, maas }) as const;

export const ACCESS_RULES = [
  // Trips: a rider's own; operators on anyone's behalf (phone bookings); planners read without rider contact data.
  { id: 'POST /trips', kind: 'http', summary: 'request a trip (riderId from the token, or equal to it)', ownership: 'rider', roles: roles('own', 'none', 'none', 'all') },
  { id: 'GET /trips/:id', kind: 'http', summary: 'a trip with its promise and estimates', ownership: 'trip', roles: roles('own', 'none', 'redacted', 'all') },
  { id: 'GET /riders/:id/trips', kind: 'http', summary: 'a rider’s upcoming trips and history', ownership: 'rider', roles: roles('own', 'none', 'none', 'all') },
  { id: 'POST /trips/:id/accept', kind: 'http', summary: 'accept an offer (the rider, or an operator on the rider’s behalf: who is recorded)', ownership: 'trip', roles: roles('own', 'none', 'none', 'all') },
  { id: 'POST /trips/:id/decline', kind: 'http', summary: 'decline an offer (the rider’s choice alone)', ownership: 'trip', roles: roles('own', 'none', 'none', 'none') },
  { id: 'POST /trips/:id/cancel', kind: 'http', summary: 'cancel a trip', ownership: 'trip', roles: roles('own', 'none', 'none', 'all') },
  { id: 'POST /trips/:id/rating', kind: 'http', summary: 'rate a completed ride, 1–5 stars and a comment (the rider alone)', ownership: 'trip', roles: roles('own', 'none', 'none', 'none') },
  // Vehicles: operators manage them; a driver acts only for the vehicle it signed in to.
  { id: 'PUT /vehicles/:id', kind: 'http', summary: 'create or update a vehicle', ownership: 'vehicle', roles: roles('none', 'none', 'none', 'all') },
  { id: 'POST /vehicles/:id/shift/start', kind: 'http', summary: 'start a shift', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'all') },
  { id: 'POST /vehicles/:id/shift/end', kind: 'http', summary: 'end a shift', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'all') },
  { id: 'POST /vehicles/:id/out-of-service', kind: 'http', summary: 'mark a vehicle out of service (a breakdown)', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'POST /vehicles/:id/position', kind: 'http', summary: 'a GPS position', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'none') },
  { id: 'POST /vehicles/:id/stop-events', kind: 'http', summary: 'arrived, picked up, dropped off, no-show', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'none') },
  { id: 'GET /vehicles/nearby', kind: 'http', summary: 'vehicles near a point, anonymous (no ids, no riders)', ownership: null, roles: roles('all', 'all', 'all', 'all') },
  // Service areas: everyone may read where the service runs; operators change it.
  { id: 'GET /service-areas', kind: 'http', summary: 'the service areas', ownership: null, roles: roles('all', 'all', 'all', 'all') },
  { id: 'POST /service-areas', kind: 'http', summary: 'add a service area', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'DELETE /service-areas/:id', kind: 'http', summary: 'remove a service area', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  // Service rules (issue 14): zones with their hours and rules (everyone reads them; operators change them), the hours
  // the rider page shows, riders' groups (eligibility), shifts planned ahead, recurring trips (a rider's own).
  { id: 'GET /zones', kind: 'http', summary: 'zones with their hours, limits, eligibility and pairs', ownership: null, roles: roles('all', 'all', 'all', 'all') },
  { id: 'POST /zones', kind: 'http', summary: 'add a zone with its rules', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'PUT /zones/:id', kind: 'http', summary: 'change a zone and its rules', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'DELETE /zones/:id', kind: 'http', summary: 'remove a zone', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'GET /service-hours', kind: 'http', summary: 'the zones’ hours and the shifts scheduled in the coming week', ownership: null, roles: roles('all', 'all', 'all', 'all') },
  { id: 'GET /riders/:id/groups', kind: 'http', summary: 'a rider’s groups (wheelchair, senior...)', ownership: 'rider', roles: roles('own', 'none', 'none', 'all') },
  { id: 'PUT /riders/:id/groups', kind: 'http', summary: 'set a rider’s groups', ownership: 'rider', roles: roles('none', 'none', 'none', 'all') },
  { id: 'POST /vehicles/:id/shifts', kind: 'http', summary: 'plan a shift ahead', ownership: 'vehicle', roles: roles('none', 'none', 'none', 'all') },
  { id: 'GET /vehicles/:id/shifts', kind: 'http', summary: 'a vehicle’s planned shifts', ownership: 'vehicle', roles: roles('none', 'own', 'all', 'all') },
  { id: 'GET /recurring-trips', kind: 'http', summary: 'recurring trips with their coming occurrences (a rider’s own)', ownership: 'rider', roles: roles('own', 'none', 'none', 'all') },
  { id: 'POST /recurring-trips', kind: 'http', summary: 'subscribe to a recurring trip', ownership: 'rider', roles: roles('own', 'none', 'none', 'all') },
  { id: 'DELETE /recurring-trips/:id/occurrences/:date', kind: 'http', summary: 'cancel one occurrence of a recurring trip', ownership: 'trip', roles: roles('own', 'none', 'none', 'all') },
  // Aggregates for planning: no rider names or ids in any of them.
  { id: 'GET /metrics', kind: 'http', summary: 'planner KPIs', ownership: null, roles: roles('none', 'none', 'all', 'all') },
  { id: 'GET /metrics/intervals', kind: 'http', summary: 'planner KPIs per interval (per hour)', ownership: null, roles: roles('none', 'none', 'all', 'all') },
  { id: 'GET /trips/origins', kind: 'http', summary: 'where trips start (heatmap)', ownership: null, roles: roles('none', 'none', 'all', 'all') },
  { id: 'GET /trips.csv', kind: 'http', summary: 'trip export without rider contact data', ownership: null, roles: roles('none', 'none', 'all', 'all') },
  // Operator actions (issue 14): operators only; each is an operator_action event with who and why.
  { id: 'POST /trips/:id/assign', kind: 'http', summary: 'move a trip to a chosen vehicle, or (dryRun) see what the move would break', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'POST /trips/:id/pin', kind: 'http', summary: 'pin a trip to its vehicle (the re-optimizer never moves it)', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'DELETE /trips/:id/pin', kind: 'http', summary: 'unpin a trip', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'POST /vehicles/:id/breaks', kind: 'http', summary: 'schedule a driver’s break', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  { id: 'GET /events', kind: 'http', summary: 'the audit trail: events between two times, paginated', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  // Operator console: the live board names riders, so it is the operators' alone.
  { id: 'GET /board', kind: 'http', summary: 'the operator’s live board: open trips by state, vehicles with next stops, load and lateness', ownership: null, roles: roles('none', 'none', 'none', 'all') },
  // Websocket channels: the hello's token decides the channel; later messages act within it.
  { id: 'ws hello rider', kind: 'ws', summary: 'the rider channel (hello.riderId, if given, must be the token’s)', ownership: 'rider', roles: roles('own', 'none', 'none', 'none') },
  { id: 'ws hello driver', kind: 'ws', summary: 'a vehicle’s manifest (hello.vehicleId, if given, must be the token’s)', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'none') },
  { id: 'ws hello planner', kind: 'ws', summary: 'the fleet view and every vehicle’s position', ownership: null, roles: roles('none', 'none', 'all', 'all') },
  { id: 'ws follow_trip', kind: 'ws', summary: 'follow a trip’s changes', ownership: 'trip', roles: roles('own', 'none', 'redacted', 'redacted') },
  { id: 'ws position', kind: 'ws', summary: 'the signed-in vehicle’s GPS position', ownership: null, roles: roles('none', 'all', 'none', 'none') },
  { id: 'ws stop_event', kind: 'ws', summary: 'a stop event for a trip on the signed-in vehicle', ownership: 'vehicle', roles: roles('none', 'own', 'none', 'none') },
  // TOMP-API 1.5 (booking through a MaaS provider): the provider books, follows and cancels its own riders' trips.
  { id: 'GET /tomp/operator/information', kind: 'http', summary: 'TOMP: who runs the service', ownership: null, roles: roles('none', 'none', 'none', 'all', 'all') },
  { id: 'POST /tomp/plannings', kind: 'http', summary: 'TOMP: options for a trip (an offer with booking-intent=true)', ownership: null, roles: roles('none', 'none', 'none', 'none', 'all') },
  { id: 'POST /tomp/planning/inquiries', kind: 'http', summary: 'TOMP: options for a trip, nothing held', ownership: null, roles: roles('none', 'none', 'none', 'none', 'all') },
  { id: 'POST /tomp/planning/offers', kind: 'http', summary: 'TOMP: an offer to book', ownership: null, roles: roles('none', 'none', 'none', 'none', 'all') },
  { id: 'POST /tomp/bookings', kind: 'http', summary: 'TOMP: book an offer (pending until COMMIT)', ownership: 'booking', roles: roles('none', 'none', 'none', 'none', 'own') },
  { id: 'GET /tomp/bookings/:id', kind: 'http', summary: 'TOMP: a booking and its state', ownership: 'booking', roles: roles('none', 'none', 'none', 'none', 'own') },
  { id: 'POST /tomp/bookings/:id/events', kind: 'http', summary: 'TOMP: COMMIT or CANCEL a booking', ownership: 'booking', roles: roles('none', 'none', 'none', 'none', 'own') },
  { id: 'GET /tomp/legs/:id/progress', kind: 'http', summary: 'TOMP: where the bus is and how long until the leg ends', ownership: 'booking', roles: roles('none', 'none', 'none', 'none', 'own') },
  { id: 'ws shift', kind: 'ws', summary: 'start or end the signed-in vehicle’s shift', ownership: null, roles: roles('none', 'all', 'none', 'none') },
  { id: 'ws reroute', kind: 'ws', summary: 'the signed-in vehicle’s route to its next stop again, from where it is', ownership: null, roles: roles('none', 'all', 'none', 'none') },
] as const satisfies readonly AccessRule[];

export type RuleId = (typeof ACCESS_RULES)[number]['id'];
export type HttpRuleId = Extract<(typeof ACCESS_RULES)[number], { kind: 'http' }>['id'];
export type WsRuleId = Extract<(typeof ACCESS_RULES)[number], { kind: 'ws' }>['id'];

/** What happens to one request: allowed, or refused as unauthenticated (401, 4003), forbidden (403) or not found (404). */
export type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'notFound';

/** Whose resource a request names: the caller's own, someone else's, or nobody's (a route without ownership). */
export type Whose = 'own' | 'other' | 'any';

export function accessRule(id: RuleId): AccessRule {
  return ACCESS_RULES.find((r) => r.id === id)!;
}

/** The table's verdict for one cell. `role` null is a request without a (valid) token. */
export function expectedOutcome(rule: AccessRule, role: TokenRole | null, whose: Whose): Outcome {
  if (role === null) return 'unauthenticated';
  const access = rule.roles[role];
  if (access === 'none') return 'forbidden';
  if (access === 'own' && whose === 'other') return rule.ownership === 'trip' || rule.ownership === 'booking' ? 'notFound' : 'forbidden';
  return 'allowed';
}

/** Every cell of the table: rule × (no token, each role) × (own, other's) or any. */
export function accessCells(): { rule: AccessRule; role: TokenRole | null; whose: Whose; outcome: Outcome }[] {
  return ACCESS_RULES.flatMap((rule) =>
    [null, ...TOKEN_ROLES].flatMap((role) =>
      (rule.ownership ? (['own', 'other'] as const) : (['any'] as const)).map((whose) => ({ rule, role, whose, outcome: expectedOutcome(rule, role, whose) })),
    ),
  );
}
