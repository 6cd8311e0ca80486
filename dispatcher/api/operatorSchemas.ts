import { z } from 'zod';
import type { AssignRequest } from '../../protocol/operator';
import { OPERATOR_LIMITS } from '../../protocol/operator';
import type { SameType } from '../../protocol/typeEquality';

/** Inputs of the operator API (issue 14), checked at the edge. */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Latest time accepted anywhere (year 2100): a larger number is a millisecond timestamp sent by mistake. */
const MAX_EPOCH_S = 4_102_444_800;

/** A time as epoch seconds (number, or digits in a query string) or ISO 8601 with an offset; epoch seconds out. */
export const timeSchema = z
  .union([z.number(), z.string().max(40)])
  .transform((value, ctx): number => {
    const text = typeof value === 'number' ? null : value.trim();
    let s: number;
    if (text === null) s = value as number;
    else if (/^\d+(\.\d+)?$/.test(text)) s = Number(text);
    else if (ISO_TIME.test(text)) s = Date.parse(text) / 1000;
    else s = NaN;
    if (!Number.isFinite(s) || s <= 0 || s > MAX_EPOCH_S) {
      ctx.addIssue({ code: 'custom', message: 'expected epoch seconds or an ISO 8601 time with an offset (2026-12-02T08:30:00Z)' });
      return z.NEVER;
    }
    return s;
  })
  .describe('epoch seconds, or ISO 8601 with an offset');

export const assignSchema = z
  .object({
    vehicleId: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(200).optional().describe('why a broken promise is overridden (logged); required when the move breaks one'),
    dryRun: z.boolean().optional().describe('answer the violations without committing'),
  })
  .strict();

export const breakSchema = z.object({ startsAt: timeSchema, endsAt: timeSchema }).strict();

export const eventsQuerySchema = z
  .object({
    from: timeSchema,
    to: timeSchema,
    after: z.coerce.number().int().min(0).optional().describe('the previous page’s nextAfter'),
    limit: z.coerce.number().int().min(1).max(OPERATOR_LIMITS.eventsPageMax).optional(),
  })
  .strict()
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] });

const wireTypes: [SameType<z.input<typeof assignSchema>, AssignRequest>] = [true];
void wireTypes;
