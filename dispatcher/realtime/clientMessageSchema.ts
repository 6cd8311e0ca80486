import { z } from 'zod';
import { type ClientMessage, type HelloMessage, PROTOCOL_VERSION, ROLES } from '../../protocol/realtime';
import { STOP_EVENTS } from '../../protocol/trips';
import type { SameType } from '../../protocol/typeEquality';
import { lngLatSchema } from '../api/schemas';

/** The websocket client messages (protocol/realtime.ts), checked at the server's edge. */
const base = { v: z.literal(PROTOCOL_VERSION) };
const id = z.string().min(1).max(64);

export const helloSchema = z
  .object({
    ...base,
    type: z.literal('hello'),
    role: z.enum(ROLES),
    vehicleId: id.optional(),
    riderId: id.optional(),
    tripIds: z.array(id).max(20).optional(),
    lastSeq: z.number().int().min(0).optional(),
    fleetChanges: z.boolean().optional(),
    token: z.string().max(4096).optional(),
  })
  .strict();

export const positionMessageSchema = z
  .object({ ...base, type: z.literal('position'), location: lngLatSchema, headingDeg: z.number().min(0).max(360).optional(), speedMps: z.number().min(0).max(100).optional() })
  .strict();

export const stopEventMessageSchema = z
  .object({
    ...base, type: z.literal('stop_event'), requestId: id, tripId: id, event: z.enum(STOP_EVENTS),
    location: lngLatSchema.optional(), atS: z.number().int().positive().optional(), confirmOffSite: z.boolean().optional(),
  })
  .strict();

export const shiftMessageSchema = z
  .object({ ...base, type: z.literal('shift'), requestId: id, action: z.enum(['start', 'end']), endsAt: z.number().int().positive().optional() })
  .strict();

export const followTripMessageSchema = z.object({ ...base, type: z.literal('follow_trip'), tripId: id }).strict();

export const rerouteMessageSchema = z
  .object({ ...base, type: z.literal('reroute'), requestId: id, from: lngLatSchema, headingDeg: z.number().min(0).max(360).optional() })
  .strict();

export const pingMessageSchema = z.object({ ...base, type: z.literal('ping') }).strict();

export const clientMessageSchema = z.discriminatedUnion('type', [
  helloSchema,
  positionMessageSchema,
  stopEventMessageSchema,
  shiftMessageSchema,
  followTripMessageSchema,
  pingMessageSchema,
  rerouteMessageSchema,
]);

const helloIsTheWireType: SameType<z.output<typeof helloSchema>, HelloMessage> = true;
const clientMessageIsTheWireType: SameType<z.output<typeof clientMessageSchema>, ClientMessage> = true;
void helloIsTheWireType;
void clientMessageIsTheWireType;
