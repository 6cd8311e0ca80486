import { z } from 'zod';
import { MAX_PASSENGERS } from '../../../protocol/trips';

/**
 * The TOMP-API 1.5 request bodies Anystop reads, checked at the edge. Objects are open (`loose`): TOMP clients send
 * fields Anystop has no use for (radius, useAssetTypes, ...), and the spec allows them; the fields read are checked.
 */
const coordinates = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), alt: z.number().optional() }).loose();
const place = z.object({ name: z.string().max(200).optional(), coordinates }).loose();
const referenceNumber = z.string().min(1).max(24).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

export const planningRequestSchema = z
  .object({
    from: place,
    to: place.describe('required by Anystop: the offer depends on where the trip ends'),
    departureTime: z.iso.datetime({ offset: true }).optional(),
    arrivalTime: z.undefined({ error: 'Anystop plans from a departure time; leave arrivalTime out' }).optional(),
    nrOfTravelers: z.number().int().min(1).max(MAX_PASSENGERS).default(1),
    travelers: z.array(z.object({ referenceNumber: referenceNumber.optional() }).loose()).max(MAX_PASSENGERS).optional(),
  })
  .loose();
export type PlanningRequest = z.output<typeof planningRequestSchema>;

export const bookingRequestSchema = z.object({ id: z.string().min(1).max(64) }).loose();

export const bookingOperationSchema = z
  .object({
    operation: z.enum(['CANCEL', 'DENY', 'COMMIT', 'EXTEND_EXPIRY_TIME']),
    extendReason: z.enum(['BOOKING_PENDING', 'PAYMENT_PENDING', 'OTHER']).optional(),
    origin: z.enum(['TO', 'MP', 'END_USER', 'OTHER']).optional(),
  })
  .loose();

export const bookingIntentSchema = z.enum(['true', 'false']).default('false');
export const locationOnlySchema = z.enum(['true', 'false']).default('false');
