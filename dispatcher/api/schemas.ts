import { z } from 'zod';
import type { DevTokenRequest } from '../../protocol/auth';
import { MAX_PASSENGERS, MAX_WHEELCHAIRS, type PositionReport, STOP_EVENTS, type TripRequest, type TripRequestInput } from '../../protocol/trips';
import type { SameType } from '../../protocol/typeEquality';

/**
 * Request bodies the HTTP API accepts, checked at the edge (zod). Shared with the OpenAPI document. Each schema
 * is proved equal to its plain wire type in protocol/, which is all the pages import.
 */

export const lngLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[longitude, latitude] in degrees');

export const tripRequestSchema = z
  .object({
    riderId: z.string().min(1).max(64).describe('who rides: the rider’s own id (their token’s subject)'),
    riderName: z.string().min(1).max(80).optional().describe('first name or initial shown to the driver'),
    origin: lngLatSchema,
    destination: lngLatSchema,
    passengers: z.number().int().min(1).max(MAX_PASSENGERS).default(1),
    wheelchairs: z.number().int().min(0).max(MAX_WHEELCHAIRS).default(0),
    pickupAt: z.number().int().positive().optional().describe('requested pickup time, epoch seconds; omitted = now'),
    autoAccept: z.boolean().default(false).describe('accept the offer at once (API clients, the simulator)'),
  })
  .strict();
/** The body of POST /trips: a rider may leave riderId out (it comes from their token); an operator names the rider. */
export const tripRequestBodySchema = tripRequestSchema.extend({ riderId: tripRequestSchema.shape.riderId.optional() });

export const cancelSchema = z.object({ reason: z.string().min(1).max(200).default('RiderCancelled') }).strict();

export const stopEventSchema = z
  .object({
    tripId: z.string().min(1).max(64), event: z.enum(STOP_EVENTS),
    location: lngLatSchema.optional().describe('where the bus was when the driver pressed the button'),
    atS: z.number().int().positive().optional().describe('when the button was pressed (a report queued offline)'),
    confirmOffSite: z.boolean().optional().describe('the driver confirmed a report far from the stop'),
  })
  .strict();

export const positionSchema = z
  .object({
    location: lngLatSchema,
    headingDeg: z.number().min(0).max(360).optional(),
    speedMps: z.number().min(0).max(100).optional(),
  })
  .strict();

const devTokenIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');
/** POST /auth/dev-token (development only). */
export const devTokenRequestSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('rider'), riderId: devTokenIdSchema }).strict(),
  z.object({ role: z.literal('driver'), vehicleId: devTokenIdSchema, driverId: devTokenIdSchema.optional() }).strict(),
  z.object({ role: z.literal('planner'), subject: devTokenIdSchema.optional() }).strict(),
  z.object({ role: z.literal('operator'), subject: devTokenIdSchema.optional() }).strict(),
  z.object({ role: z.literal('maas'), subject: devTokenIdSchema.optional() }).strict(),
]);

const wireTypes: [
  SameType<z.output<typeof tripRequestSchema>, TripRequest>,
  SameType<z.input<typeof tripRequestBodySchema>, TripRequestInput>,
  SameType<z.output<typeof positionSchema>, PositionReport>,
  SameType<z.output<typeof devTokenRequestSchema>, DevTokenRequest>,
] = [true, true, true, true];
void wireTypes;

export const idempotencyKeySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const vehicleSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
    name: z.string().min(1).max(80).optional(),
    seats: z.number().int().min(1).max(60),
    wheelchairPlaces: z.number().int().min(0).max(8).default(0),
    depot: lngLatSchema,
    plate: z.string().trim().min(1).max(20).nullable().optional().describe('licence plate riders look for; null clears it, omitted leaves it'),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .transform((c) => c.toLowerCase())
      .nullable()
      .optional()
      .describe('body colour riders look for, #rrggbb; null clears it, omitted leaves it'),
  })
  .strict();

/** POST /vehicles/:id/out-of-service (issue 13). */
export const outOfServiceSchema = z
  .object({
    reason: z.string().trim().min(1).max(500).describe('why the vehicle is out of service (a breakdown, an accident); kept in the event log'),
  })
  .strict();

export const shiftStartSchema = z
  .object({
    endsAt: z.number().int().positive().describe('shift end, epoch seconds; the vehicle must be back at its depot by then'),
    position: lngLatSchema.optional().describe('where the vehicle is now; default: its depot'),
  })
  .strict();

const ring = z.array(lngLatSchema).min(4);
export const serviceAreaSchema = z
  .object({
    type: z.literal('Feature'),
    properties: z.object({ name: z.string().min(1).max(120) }).loose(),
    geometry: z.discriminatedUnion('type', [
      z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
      z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
    ]),
  })
  .strict();

export const idParamSchema = z.string().min(1).max(64);
