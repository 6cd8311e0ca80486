import { z } from 'zod';
import { bookingOperationSchema, bookingRequestSchema, planningRequestSchema } from './tomp/tompSchemas';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const ok = (description: string, type = 'application/json') => ({ description, content: { [type]: { schema: type === 'application/json' ? { type: 'object' } : { type: 'string', format: 'binary' } } } });
const errors = { '4XX': { $ref: '#/components/responses/Error' }, '5XX': { $ref: '#/components/responses/Error' } };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const tompHeaders = [{ name: 'maas-id', in: 'header', required: false, schema: { type: 'string' }, description: 'TOMP: the MaaS provider; must be the token’s subject' }];
const gofsQuery = [
  { name: 'pickup_lat', in: 'query', required: true, schema: { type: 'number' } },
  { name: 'pickup_lon', in: 'query', required: true, schema: { type: 'number' } },
  { name: 'drop_off_lat', in: 'query', required: false, schema: { type: 'number' }, description: 'with drop_off_lon, or neither' },
  { name: 'drop_off_lon', in: 'query', required: false, schema: { type: 'number' } },
  { name: 'brand_id', in: 'query', required: false, schema: { type: 'string' }, description: 'comma-separated; Anystop has one brand, `anystop`' },
];
const format = [{ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['protobuf', 'json'] } }];

/** The OpenAPI paths of the open standards (GTFS-Flex, GOFS, GTFS-Realtime, TOMP-API 1.5); see docs/standards.md. */
export function standardsPaths(): Record<string, Record<string, Record<string, unknown>>> {
  return {
    '/gtfs/flex.zip': { get: { summary: 'The service as a GTFS-Flex feed (GTFS Schedule with locations.geojson, booking_rules.txt, stop_times windows)', responses: { '200': ok('the feed', 'application/zip'), ...errors } } },
    '/gofs/gofs.json': { get: { summary: 'GOFS v1.0 auto-discovery: the other files under /gofs/', responses: { '200': ok('gofs.json'), ...errors } } },
    '/gofs/{file}': {
      get: {
        summary: 'A static GOFS file: system_information, service_brands, vehicle_types, zones, operating_rules, calendars, fares, booking_rules (.json)',
        parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': ok('the file, with last_updated, ttl, version, data'), ...errors },
      },
    },
    '/gofs/wait_time': { get: { summary: 'GOFS wait_time: seconds until the pickup window the dispatcher would promise now (nothing booked)', parameters: gofsQuery, responses: { '200': ok('wait_times'), ...errors } } },
    '/gofs/realtime_booking': { get: { summary: 'GOFS realtime_booking: the same quote with travel time and a deep link to the rider page', parameters: gofsQuery, responses: { '200': ok('realtime_booking'), ...errors } } },
    '/gtfs-rt/vehicle-positions': { get: { summary: 'GTFS-Realtime VehiclePositions of the vehicles on shift (protobuf; ?format=json)', parameters: format, responses: { '200': ok('FeedMessage', 'application/x-protobuf'), ...errors } } },
    '/gtfs-rt/trip-updates': { get: { summary: 'GTFS-Realtime TripUpdates: each vehicle’s run as a NEW trip with ETAs (protobuf; ?format=json)', parameters: format, responses: { '200': ok('FeedMessage', 'application/x-protobuf'), ...errors } } },
    '/tomp/operator/information': { get: { summary: 'TOMP systemInformation', parameters: tompHeaders, responses: { '200': ok('systemInformation'), ...errors } } },
    '/tomp/plannings': {
      post: {
        summary: 'TOMP planning: with booking-intent=true an offer (booking id = Anystop trip id) holding the pickup window and arrival',
        parameters: [...tompHeaders, { name: 'booking-intent', in: 'query', required: false, schema: { type: 'boolean', default: false } }],
        requestBody: body(planningRequestSchema),
        responses: { '201': ok('planning { validUntil, options }'), ...errors },
      },
    },
    '/tomp/planning/inquiries': { post: { summary: 'TOMP inquiry: options without booking ids, nothing held', parameters: tompHeaders, requestBody: body(planningRequestSchema), responses: { '201': ok('planning'), ...errors } } },
    '/tomp/planning/offers': { post: { summary: 'TOMP offers: as plannings with booking-intent=true', parameters: tompHeaders, requestBody: body(planningRequestSchema), responses: { '201': ok('planning'), ...errors } } },
    '/tomp/bookings': { post: { summary: 'TOMP booking of an offer: PENDING until COMMIT (Expires: the offer’s deadline)', parameters: tompHeaders, requestBody: body(bookingRequestSchema), responses: { '201': ok('booking'), ...errors } } },
    '/tomp/bookings/{id}': { get: { summary: 'TOMP booking with its state and leg', parameters: [...idParam, ...tompHeaders], responses: { '200': ok('booking'), ...errors } } },
    '/tomp/bookings/{id}/events': { post: { summary: 'TOMP booking operation: COMMIT (accept) or CANCEL (release an offer, cancel a booking)', parameters: [...idParam, ...tompHeaders], requestBody: body(bookingOperationSchema), responses: { '200': ok('booking'), ...errors } } },
    '/tomp/legs/{id}/progress': {
      get: {
        summary: 'TOMP legProgress: where the bus is (or the pickup point) and milliseconds until the pickup or, on board, the arrival',
        parameters: [...idParam, ...tompHeaders, { name: 'location-only', in: 'query', required: false, schema: { type: 'boolean', default: false } }],
        responses: { '200': ok('legProgress'), ...errors },
      },
    },
  };
}
