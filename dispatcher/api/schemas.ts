import { z } from 'zod';
import { cancelSchema, lngLatSchema, positionSchema, stopEventSchema, tripRequestBodySchema, tripRequestSchema } from '../../protocol/trips';

/** Request bodies the HTTP API accepts, checked at the edge (zod). Shared with the OpenAPI document. */
export { cancelSchema, positionSchema, stopEventSchema, tripRequestBodySchema, tripRequestSchema };

export const idempotencyKeySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const vehicleSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
    name: z.string().min(1).max(80).optional(),
    seats: z.number().int().min(1).max(60),
    wheelchairPlaces: z.number().int().min(0).max(8).default(0),
    depot: lngLatSchema,
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
