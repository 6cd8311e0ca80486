import { SONGPA_OFFICE, T0 } from '../../../test-support/dbFixtures';
import type { HttpRuleId, Whose } from '../accessTable';
import type { Principal } from '../Principal';
import { BUS, type MatrixWorld, OTHER_BUS, STRANGER } from './MatrixWorld';

/** One request of the matrix, and what an allowed answer looks like. */
export interface HttpRequest {
  method: string;
  path: string;
  body?: unknown;
  /** Status of an allowed request. */
  ok: number;
  /** Extra checks of an allowed answer (a planner's trip has no riderId). */
  check?: (body: unknown, caller: Principal) => void;
  /** The message of a 404 for another's resource (default `No trip <id>`). */
  notFoundMessage?: string;
}

export interface HttpCase {
  /** The vehicle a driver caller signs in to (its own vehicle for this route); default bus-1. */
  driverVehicle?: (whose: Whose) => string;
  prepare(world: MatrixWorld, caller: Principal | null, whose: Whose): Promise<HttpRequest>;
}

// A square inside the road network's hull (the server's own area): service areas made and removed here change nothing
// (an area off the road network is refused with ServiceAreaOffNetwork).
const AWAY = [SONGPA_OFFICE[0] - 0.005, SONGPA_OFFICE[1] - 0.005] as const;
const square = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]] as [number, number][]] });
const vehicleOf = (caller: Principal | null, whose: Whose, own: string, other: string) => (whose === 'own' && caller?.role === 'driver' ? caller.vehicleId : whose === 'own' ? own : other);

/** The MaaS provider whose booking the cell names: the caller's own (when it is a provider), else another provider's. */
const providerRider = (caller: Principal | null, whose: Whose) => (whose === 'own' && caller?.role === 'maas' ? `maas:${caller.subject}` : 'maas:another-provider');
const TOMP_TRIP = { from: { coordinates: { lng: 127.1001, lat: 37.5133 } }, to: { coordinates: { lng: 127.1215, lat: 37.5206 } }, nrOfTravelers: 1 };
const hasOptions = (body: unknown) => {
  if ((body as { options?: unknown[] }).options?.length !== 1) throw new Error(`expected one TOMP option, got ${JSON.stringify(body)}`);
};

/** A planner sees a trip without rider contact data; everyone else who may see it sees whose it is. */
function riderShownTo(body: unknown, caller: Principal): void {
  const trip = body as Record<string, unknown>;
  if (caller.role === 'planner' && 'riderId' in trip) throw new Error('a planner was shown the riderId');
  if (caller.role !== 'planner' && typeof trip.riderId !== 'string') throw new Error('the trip lost its riderId');
}

let plannedShifts = 0;

/** The operator zone the zone cells change (made fresh for the cell, removed after it). */
async function matrixZone(w: MatrixWorld): Promise<void> {
  const zones = w.running.serviceRules.zones;
  await zones.create({ id: 'matrix-zone', name: 'matrix', geometry: square(AWAY[0], AWAY[1]), hours: null, maxWaitS: null, maxDetour: null, bookingHorizonS: null, eligibleGroups: [], maxWalkM: 250, pairs: [] });
  w.afterCell(() => zones.delete('matrix-zone'));
}
let breakHours = 0;

/** How to call each HTTP route of the access table for a cell, and how the call looks when it is allowed. */
export const HTTP_CASES: Record<HttpRuleId, HttpCase> = {
  'POST /trips': {
    async prepare(w, caller, whose) {
      const riderId = w.ownerFor(caller, whose);
      const body = { riderId, origin: [127.1001, 37.5133], destination: [127.1215, 37.5206], passengers: 1, autoAccept: true };
      return { method: 'POST', path: '/trips', body, ok: 201 };
    },
  },
  'GET /trips/:id': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(w.ownerFor(caller, whose), false);
      return { method: 'GET', path: `/trips/${trip.id}`, ok: 200, check: riderShownTo };
    },
  },
  'GET /riders/:id/trips': {
    async prepare(w, caller, whose) {
      return { method: 'GET', path: `/riders/${w.ownerFor(caller, whose)}/trips`, ok: 200 };
    },
  },
  'POST /trips/:id/accept': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(w.ownerFor(caller, whose), false);
      return { method: 'POST', path: `/trips/${trip.id}/accept`, ok: 200 };
    },
  },
  'POST /trips/:id/decline': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(w.ownerFor(caller, whose), false);
      return { method: 'POST', path: `/trips/${trip.id}/decline`, ok: 200 };
    },
  },
  'POST /trips/:id/cancel': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(w.ownerFor(caller, whose), true);
      return { method: 'POST', path: `/trips/${trip.id}/cancel`, body: { reason: 'matrix' }, ok: 200 };
    },
  },
  'POST /trips/:id/rating': {
    async prepare(w, caller, whose) {
      // A completed ride of the owner: an offer the fixture marks completed (the matrix checks who may rate, not the ride).
      const trip = await w.trip(w.ownerFor(caller, whose), false);
      await w.running.database.pool.query("UPDATE trips SET state = 'completed', vehicle_id = $2 WHERE id = $1", [trip.id, OTHER_BUS]);
      return { method: 'POST', path: `/trips/${trip.id}/rating`, body: { stars: 4, comment: 'matrix' }, ok: 200 };
    },
  },
  'PUT /vehicles/:id': {
    driverVehicle: () => OTHER_BUS,
    async prepare(_w, caller, whose) {
      return { method: 'PUT', path: `/vehicles/${vehicleOf(caller, whose, OTHER_BUS, 'shuttle-2')}`, body: { seats: 8, wheelchairPlaces: 1, depot: SONGPA_OFFICE }, ok: 200 };
    },
  },
  'POST /vehicles/:id/shift/start': {
    driverVehicle: () => 'shuttle-1',
    async prepare(w, caller, whose) {
      const id = vehicleOf(caller, whose, 'shuttle-1', 'shuttle-2');
      w.afterCell(() => w.running.dispatcher.endShift(id));
      return { method: 'POST', path: `/vehicles/${id}/shift/start`, body: { endsAt: T0 + 3600 }, ok: 200 };
    },
  },
  'POST /vehicles/:id/shift/end': {
    driverVehicle: () => 'shuttle-1',
    async prepare(w, caller, whose) {
      const id = vehicleOf(caller, whose, 'shuttle-1', 'shuttle-2');
      await w.running.dispatcher.startShift(id, { endsAt: T0 + 3600 });
      w.afterCell(() => w.running.dispatcher.endShift(id));
      return { method: 'POST', path: `/vehicles/${id}/shift/end`, ok: 200 };
    },
  },
  'POST /vehicles/:id/out-of-service': {
    async prepare(w) {
      await w.running.dispatcher.startShift('shuttle-2', { endsAt: T0 + 3600 });
      w.afterCell(() => w.running.dispatcher.endShift('shuttle-2'));
      return { method: 'POST', path: '/vehicles/shuttle-2/out-of-service', body: { reason: 'flat tyre' }, ok: 200 };
    },
  },
  'POST /vehicles/:id/position': {
    async prepare(_w, caller, whose) {
      return { method: 'POST', path: `/vehicles/${vehicleOf(caller, whose, BUS, OTHER_BUS)}/position`, body: { location: SONGPA_OFFICE, speedMps: 3 }, ok: 204 };
    },
  },
  'POST /vehicles/:id/stop-events': {
    async prepare(w, caller, whose) {
      const trip = await w.trip('r-aboard', true);
      return { method: 'POST', path: `/vehicles/${vehicleOf(caller, whose, BUS, OTHER_BUS)}/stop-events`, body: { tripId: trip.id, event: 'arrived_pickup' }, ok: 200 };
    },
  },
  'GET /vehicles/nearby': { prepare: async () => ({ method: 'GET', path: `/vehicles/nearby?lon=${SONGPA_OFFICE[0]}&lat=${SONGPA_OFFICE[1]}`, ok: 200 }) },
  'GET /service-areas': { prepare: async () => ({ method: 'GET', path: '/service-areas', ok: 200 }) },
  'POST /service-areas': {
    async prepare(w) {
      w.afterCell(async () => {
        for (const a of await w.running.dispatcher.listServiceAreas()) if (a.properties.name === 'matrix') await w.running.dispatcher.deleteServiceArea(a.id);
      });
      return { method: 'POST', path: '/service-areas', body: { type: 'Feature', properties: { name: 'matrix' }, geometry: square(AWAY[0], AWAY[1]) }, ok: 201 };
    },
  },
  'DELETE /service-areas/:id': {
    async prepare(w) {
      const area = await w.running.dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'matrix' }, geometry: square(AWAY[0], AWAY[1]) });
      w.afterCell(() => w.running.dispatcher.deleteServiceArea(area.id));
      return { method: 'DELETE', path: `/service-areas/${area.id}`, ok: 204 };
    },
  },
  'GET /zones': { prepare: async () => ({ method: 'GET', path: '/zones', ok: 200 }) },
  'POST /zones': {
    async prepare(w) {
      w.afterCell(() => w.running.serviceRules.zones.delete('matrix-zone'));
      return { method: 'POST', path: '/zones', body: { id: 'matrix-zone', name: 'matrix', geometry: square(AWAY[0], AWAY[1]) }, ok: 201 };
    },
  },
  'PUT /zones/:id': {
    async prepare(w) {
      await matrixZone(w);
      return { method: 'PUT', path: '/zones/matrix-zone', body: { name: 'matrix', geometry: square(AWAY[0], AWAY[1]), maxWaitS: 600 }, ok: 200 };
    },
  },
  'DELETE /zones/:id': {
    async prepare(w) {
      await matrixZone(w);
      return { method: 'DELETE', path: '/zones/matrix-zone', ok: 204 };
    },
  },
  'GET /service-hours': { prepare: async () => ({ method: 'GET', path: '/service-hours', ok: 200 }) },
  'GET /riders/:id/groups': { prepare: async (w, caller, whose) => ({ method: 'GET', path: `/riders/${w.ownerFor(caller, whose)}/groups`, ok: 200 }) },
  'PUT /riders/:id/groups': {
    async prepare(w, caller, whose) {
      const riderId = w.ownerFor(caller, whose);
      w.afterCell(() => w.running.serviceRules.zones.setRiderGroups(riderId, []));
      return { method: 'PUT', path: `/riders/${riderId}/groups`, body: { groups: ['senior'] }, ok: 200 };
    },
  },
  'POST /vehicles/:id/shifts': {
    driverVehicle: () => 'shuttle-1',
    async prepare(w, caller, whose) {
      const startsAt = T0 + 2 * 86400 + 7200 * ++plannedShifts; // a window of its own each time: planned shifts may not overlap
      return { method: 'POST', path: `/vehicles/${vehicleOf(caller, whose, 'shuttle-1', 'shuttle-2')}/shifts`, body: { startsAt, endsAt: startsAt + 3600 }, ok: 201 };
    },
  },
  'GET /vehicles/:id/shifts': {
    driverVehicle: () => 'shuttle-1',
    prepare: async (_w, caller, whose) => ({ method: 'GET', path: `/vehicles/${vehicleOf(caller, whose, 'shuttle-1', 'shuttle-2')}/shifts`, ok: 200 }),
  },
  'GET /recurring-trips': {
    prepare: async (w, caller, whose) => ({ method: 'GET', path: caller?.role === 'rider' && whose === 'own' ? '/recurring-trips' : `/recurring-trips?riderId=${w.ownerFor(caller, whose)}`, ok: 200 }),
  },
  'POST /recurring-trips': {
    async prepare(w, caller, whose) {
      const body = { riderId: w.ownerFor(caller, whose), origin: [127.1001, 37.5133], destination: [127.1215, 37.5206], days: ['monday'], pickupTime: '12:00' };
      return { method: 'POST', path: '/recurring-trips', body, ok: 201 };
    },
  },
  'DELETE /recurring-trips/:id/occurrences/:date': {
    async prepare(w, caller, whose) {
      const r = await w.running.serviceRules.recurring.create(w.ownerFor(caller, whose), {
        origin: [127.1001, 37.5133], destination: [127.1215, 37.5206], passengers: 1, wheelchairs: 0, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
        pickupTime: '12:00', timezone: 'UTC', skipDates: [],
      });
      const date = r.upcoming[0]!.date;
      return { method: 'DELETE', path: `/recurring-trips/${r.id}/occurrences/${date}`, ok: 200, notFoundMessage: `No recurring trip ${r.id}` };
    },
  },
  'GET /metrics': { prepare: async () => ({ method: 'GET', path: '/metrics', ok: 200 }) },
  'GET /metrics/intervals': { prepare: async () => ({ method: 'GET', path: '/metrics/intervals?from=1700000000&to=1700007200&step=3600', ok: 200 }) },
  'GET /trips/origins': { prepare: async () => ({ method: 'GET', path: '/trips/origins', ok: 200 }) },
  'GET /board': {
    prepare: async () => ({
      method: 'GET',
      path: '/board',
      ok: 200,
      check: (body) => {
        const board = body as { trips?: unknown; vehicles?: unknown };
        if (!Array.isArray(board.trips) || !Array.isArray(board.vehicles)) throw new Error('not the board');
      },
    }),
  },
  'GET /trips.csv': {
    prepare: async () => ({
      method: 'GET',
      path: '/trips.csv',
      ok: 200,
      check: (body) => {
        if (typeof body !== 'string' || !body.startsWith('trip_id,')) throw new Error('not the CSV export');
        if (body.includes('Minji') || body.includes(STRANGER) || /rider/.test(body.split('\r\n')[0])) throw new Error('the CSV shows rider data');
      },
    }),
  },
  // Operator actions: a dry-run move to a shuttle put on shift for the cell, pins of an accepted trip, a break of the
  // off-shift bus (a new hour each cell, so no two overlap), the audit trail of the morning.
  'POST /trips/:id/assign': {
    async prepare(w) {
      const trip = await w.trip(STRANGER, true);
      await w.running.dispatcher.startShift('shuttle-1', { endsAt: T0 + 3600 });
      w.afterCell(() => w.running.dispatcher.endShift('shuttle-1'));
      return { method: 'POST', path: `/trips/${trip.id}/assign`, body: { vehicleId: 'shuttle-1', dryRun: true }, ok: 200 };
    },
  },
  'POST /trips/:id/pin': {
    async prepare(w) {
      const trip = await w.trip(STRANGER, true);
      return { method: 'POST', path: `/trips/${trip.id}/pin`, ok: 200 };
    },
  },
  'DELETE /trips/:id/pin': {
    async prepare(w) {
      const trip = await w.trip(STRANGER, true);
      return { method: 'DELETE', path: `/trips/${trip.id}/pin`, ok: 200 };
    },
  },
  'POST /vehicles/:id/breaks': {
    async prepare() {
      const at = T0 + 3600 * ++breakHours;
      return { method: 'POST', path: `/vehicles/${OTHER_BUS}/breaks`, body: { startsAt: at, endsAt: at + 1800 }, ok: 201 };
    },
  },
  'GET /events': { prepare: async () => ({ method: 'GET', path: `/events?from=${T0 - 3600}&to=${T0 + 3600}&limit=5`, ok: 200 }) },
  'GET /tomp/operator/information': { prepare: async () => ({ method: 'GET', path: '/tomp/operator/information', ok: 200 }) },
  'POST /tomp/plannings': { prepare: async () => ({ method: 'POST', path: '/tomp/plannings?booking-intent=true', body: TOMP_TRIP, ok: 201, check: hasOptions }) },
  'POST /tomp/planning/inquiries': { prepare: async () => ({ method: 'POST', path: '/tomp/planning/inquiries', body: TOMP_TRIP, ok: 201, check: hasOptions }) },
  'POST /tomp/planning/offers': { prepare: async () => ({ method: 'POST', path: '/tomp/planning/offers', body: TOMP_TRIP, ok: 201, check: hasOptions }) },
  'POST /tomp/bookings': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(providerRider(caller, whose), false);
      return { method: 'POST', path: '/tomp/bookings', body: { id: trip.id }, ok: 201, notFoundMessage: `No booking ${trip.id}` };
    },
  },
  'GET /tomp/bookings/:id': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(providerRider(caller, whose), false);
      return { method: 'GET', path: `/tomp/bookings/${trip.id}`, ok: 200, notFoundMessage: `No booking ${trip.id}` };
    },
  },
  'POST /tomp/bookings/:id/events': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(providerRider(caller, whose), false);
      return { method: 'POST', path: `/tomp/bookings/${trip.id}/events`, body: { operation: 'COMMIT' }, ok: 200, notFoundMessage: `No booking ${trip.id}` };
    },
  },
  'GET /tomp/legs/:id/progress': {
    async prepare(w, caller, whose) {
      const trip = await w.trip(providerRider(caller, whose), true);
      return { method: 'GET', path: `/tomp/legs/${trip.id}/progress`, ok: 200, notFoundMessage: `No booking ${trip.id}` };
    },
  },
};
