import { z } from 'zod';
import { API_ERRORS } from '../../protocol/errors';
import { DEV_TOKEN_PATH } from '../../protocol/auth';
import { devTokenRequestSchema } from './schemas';
import { operatorPaths } from './operatorOpenApi';
import { ruleFor } from './requestAuth';
import { standardsPaths } from '../standards/standardsOpenApi';
import { tripRatingSchema } from './ratingSchemas';
import { plannedShiftSchema, recurringTripSchema, riderGroupsSchema, zoneCreateSchema, zoneUpdateSchema } from './ruleSchemas';
import { cancelSchema, outOfServiceSchema, positionSchema, serviceAreaSchema, shiftStartSchema, stopEventSchema, tripRequestBodySchema, vehicleSchema } from './schemas';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorResponse = {
  description: 'An error: `{ error: { code, message } }`',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: Object.keys(API_ERRORS) }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const errors = { '4XX': errorResponse, '5XX': errorResponse };

/** The OpenAPI 3.1 description of the HTTP API, generated from the same zod schemas the edge checks with. */
export function openApiDocument(): Record<string, unknown> {
  return withAccess({
    openapi: '3.1.0',
    info: { title: 'Anystop dispatcher', version: '0.1.0', description: 'Demand-responsive transit: trips from any point to any point. Times are epoch seconds, points [lon, lat].' },
    paths: {
      ...standardsPaths(),
      ...operatorPaths(ok, errors),
      '/trips': {
        post: {
          summary: 'Request a trip: answered with an offer (pickup window, arrival) or a rejection with its reason',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 }, description: 'the same key from the same rider returns the same trip' }],
          requestBody: body(tripRequestBodySchema),
          responses: { '201': ok('the new trip (offered, accepted or rejected)'), '200': ok('the trip this Idempotency-Key already made'), ...errors },
        },
      },
      '/trips/{id}': { get: { summary: 'A trip with its promise and current estimates', parameters: idParam, responses: { '200': ok('the trip'), ...errors } } },
      '/riders/{id}/trips': { get: { summary: "A rider's upcoming trips (soonest first) and trip history (latest first)", parameters: idParam, responses: { '200': ok('upcoming and history'), ...errors } } },
      '/trips/{id}/accept': { post: { summary: 'Accept an offer: the rider, or an operator on the rider’s behalf (recorded as accepted_by and in the log)', parameters: idParam, responses: { '200': ok('the accepted trip'), ...errors } } },
      '/trips/{id}/decline': { post: { summary: 'Decline an offer', parameters: idParam, responses: { '200': ok('the declined trip'), ...errors } } },
      '/trips/{id}/cancel': { post: { summary: 'Cancel a trip before it ends', parameters: idParam, requestBody: body(cancelSchema), responses: { '200': ok('the cancelled trip'), ...errors } } },
      '/trips/{id}/rating': {
        post: {
          summary: 'Rate a completed ride: 1–5 stars and an optional comment (the rider of the trip alone; rating again replaces it). 409 TripNotRateable before the ride is completed',
          parameters: idParam,
          requestBody: body(tripRatingSchema),
          responses: { '200': ok('{ tripId, stars, comment, ratedAt }'), ...errors },
        },
      },
      '/vehicles/{id}': { put: { summary: 'Create or update a vehicle', parameters: idParam, requestBody: body(vehicleSchema.omit({ id: true })), responses: { '200': ok('the vehicle'), ...errors } } },
      '/vehicles/{id}/shift/start': { post: { summary: 'Start a shift', parameters: idParam, requestBody: body(shiftStartSchema), responses: { '200': ok('the vehicle, on shift'), ...errors } } },
      '/vehicles/{id}/shift/end': { post: { summary: 'End a shift', parameters: idParam, responses: { '200': ok('the vehicle, off shift'), ...errors } } },
      '/vehicles/{id}/out-of-service': {
        post: {
          summary: 'Mark a vehicle out of service (a breakdown; operators): it takes no new riders, its riders not yet picked up are re-planned onto others (told when their promise moves or breaks, cause vehicle_breakdown), its riders on board are flagged',
          parameters: idParam,
          requestBody: body(outOfServiceSchema),
          responses: { '200': ok('{ vehicleId, replanned, moved, unserved, onBoard }: trip ids'), ...errors },
        },
      },
      '/vehicles/nearby': {
        get: {
          summary: 'Vehicles on shift near a point, anonymous (the rider page shows them)',
          parameters: [
            { name: 'lon', in: 'query', required: true, schema: { type: 'number' } },
            { name: 'lat', in: 'query', required: true, schema: { type: 'number' } },
          ],
          responses: { '200': ok('{ vehicles: [{ location, busy }] }'), ...errors },
        },
      },
      '/places': { get: { summary: 'Street and place names matching q (Hangul or romanized), with a location each', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }], responses: { '200': ok('matches'), ...errors } } },
      '/network.geojson': { get: { summary: 'The road network as GeoJSON lines (maps draw it when tiles cannot load)', responses: { '200': ok('FeatureCollection') } } },
      '/trips/origins': { get: { summary: 'Trip origins in a time range, for the demand heatmap', parameters: [{ name: 'from', in: 'query', schema: { type: 'integer' } }, { name: 'to', in: 'query', schema: { type: 'integer' } }], responses: { '200': ok('origins'), ...errors } } },
      '/trips.csv': { get: { summary: 'Trips in a time range as CSV, without rider contact data; times with the UTC offset of tz (default UTC)', parameters: [{ name: 'from', in: 'query', schema: { type: 'integer' } }, { name: 'to', in: 'query', schema: { type: 'integer' } }, { name: 'tz', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'text/csv' }, ...errors } } },
      '/vehicles/{id}/position': {
        post: { summary: "A vehicle's GPS position (about once a second)", parameters: idParam, requestBody: body(positionSchema), responses: { '204': { description: 'recorded' }, ...errors } },
      },
      '/vehicles/{id}/stop-events': {
        post: { summary: "A driver's report at a stop: arrived_pickup, picked_up, no_show, arrived_dropoff, dropped_off", parameters: idParam, requestBody: body(stopEventSchema), responses: { '200': ok('the trip after the event'), ...errors } },
      },
      '/service-areas': {
        get: { summary: 'Service areas as a GeoJSON FeatureCollection', responses: { '200': ok('the areas'), ...errors } },
        post: { summary: 'Add a service area (GeoJSON Feature with a Polygon or MultiPolygon)', requestBody: body(serviceAreaSchema), responses: { '201': ok('the area'), ...errors } },
      },
      '/service-areas/{id}': { delete: { summary: 'Remove a service area', parameters: idParam, responses: { '204': { description: 'removed' }, ...errors } } },
      '/zones': {
        get: { summary: 'Zones with their hours (weekly, holidays, dated exceptions; local to the zone’s timezone), max wait, max detour (alpha · direct + betaS), booking horizon, eligibility, maxWalkM and pairs', responses: { '200': ok('{ zones }'), ...errors } },
        post: { summary: 'Add a zone with its rules (it also becomes a service area)', requestBody: body(zoneCreateSchema), responses: { '201': ok('the zone'), ...errors } },
      },
      '/zones/{id}': {
        put: { summary: 'Replace an operator zone’s polygon and rules (an imported zone changes with the next import)', parameters: idParam, requestBody: body(zoneUpdateSchema), responses: { '200': ok('the zone'), ...errors } },
        delete: { summary: 'Remove an operator zone and its service area', parameters: idParam, responses: { '204': { description: 'removed' }, ...errors } },
      },
      '/service-hours': { get: { summary: 'What the rider page shows: each zone’s hours, and the spans of the coming week when vehicles are on shift or planned', responses: { '200': ok('{ zones, scheduled }'), ...errors } } },
      '/riders/{id}/groups': {
        get: { summary: 'The groups a rider belongs to (zone eligibility)', parameters: idParam, responses: { '200': ok('{ riderId, groups }'), ...errors } },
        put: { summary: 'Set the groups a rider belongs to', parameters: idParam, requestBody: body(riderGroupsSchema), responses: { '200': ok('{ riderId, groups }'), ...errors } },
      },
      '/vehicles/{id}/shifts': {
        get: { summary: 'A vehicle’s shifts planned ahead, with the pre-booked trips on them', parameters: idParam, responses: { '200': ok('{ shifts }'), ...errors } },
        post: { summary: 'Plan a shift ahead: pre-bookings are planned on it; the driver starting near its start starts it with its stops', parameters: idParam, requestBody: body(plannedShiftSchema), responses: { '201': ok('the planned shift'), ...errors } },
      },
      '/recurring-trips': {
        get: { summary: 'Recurring trips with their next occurrences (a rider’s own; an operator may filter by riderId)', parameters: [{ name: 'riderId', in: 'query', required: false, schema: { type: 'string' } }], responses: { '200': ok('{ recurringTrips }'), ...errors } },
        post: { summary: 'Subscribe to a recurring trip (e.g. Mon–Fri 08:10 home → clinic, return 15:30); each occurrence is released into the live plan at the release horizon', requestBody: body(recurringTripSchema), responses: { '201': ok('the recurring trip'), ...errors } },
      },
      '/recurring-trips/{id}/occurrences/{date}': {
        delete: {
          summary: 'Cancel one occurrence (both legs of that date; a trip already released is cancelled)',
          parameters: [...idParam, { name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } }],
          responses: { '200': ok('the recurring trip'), ...errors },
        },
      },
      '/metrics': {
        get: {
          summary: 'Planner metrics over a time range',
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'integer' } },
            { name: 'to', in: 'query', schema: { type: 'integer' } },
          ],
          responses: { '200': ok('the metrics'), ...errors },
        },
      },
      '/metrics/intervals': {
        get: {
          summary: 'Planner metrics for each interval of a range (step seconds, at most 400 intervals): each interval its own trips',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'step', in: 'query', required: true, schema: { type: 'integer', minimum: 60 } },
          ],
          responses: { '200': ok('{ fromS, toS, stepS, intervals }'), ...errors },
        },
      },
      '/board': {
        get: {
          summary: "The operator console's live board: open trips in columns (late, at_risk, requested, offered, assigned, on_board) with their lateness, and every vehicle with its next stops, load and worst lateness",
          responses: { '200': ok('{ atS, trips, vehicles }'), ...errors },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': ok('OpenAPI 3.1') } } },
      '/health': { get: { summary: 'Liveness: { status ok|degraded|stopping, database up|down, router up|down, fleetResyncPending, instance, nats off|up|down, zones }', responses: { '200': ok('the health report') } } },
      '/ready': { get: { summary: 'Readiness for a load balancer: 503 DatabaseUnavailable or ShuttingDown with Retry-After', responses: { '200': ok('{ ready: true, health }'), ...errors } } },
      [DEV_TOKEN_PATH]: {
        post: { summary: 'A token for any role, no password: only on a dispatcher started with a development key (else 404)', requestBody: body(devTokenRequestSchema), responses: { '200': ok('{ token, role, subject, expiresAt }'), ...errors } },
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, responses: { Error: errorResponse } },
  });
}

/** Marks each operation from the access table: public ones need no token; the others a bearer token, with the roles that may call them. */
function withAccess(doc: { paths: Record<string, Record<string, Record<string, unknown>>> } & Record<string, unknown>): Record<string, unknown> {
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const rule = ruleFor(method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1'));
      if (!rule) {
        operation.security = [];
        continue;
      }
      operation.security = [{ bearer: [] }];
      operation['x-anystop-access'] = rule.roles;
    }
  }
  return doc;
}
