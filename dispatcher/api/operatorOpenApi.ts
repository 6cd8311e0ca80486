import { z } from 'zod';
import { assignSchema, breakSchema } from './operatorSchemas';

/** The operator API's part of the OpenAPI document (issue 14). */
export function operatorPaths(ok: (description: string) => unknown, errors: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
  const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const time = { oneOf: [{ type: 'number', description: 'epoch seconds' }, { type: 'string', description: 'ISO 8601 with an offset' }] };
  return {
    '/trips/{id}/assign': {
      post: {
        summary:
          'Move a trip to a chosen vehicle. Answers { dryRun, committed, violations: [{ code, message, overridable }], plan, trip }. dryRun: true only answers the violations. A move that breaks a promise needs a reason (else 422 MoveBreaksPromise) and is logged; a full vehicle or a shift overrun is always refused (422 MoveNotFeasible)',
        parameters: idParam,
        requestBody: body(assignSchema),
        responses: { '200': ok('the violations, and the trip (moved when committed)'), ...errors },
      },
    },
    '/trips/{id}/pin': {
      post: { summary: 'Pin a trip to its vehicle: re-optimization and risk reassignment never move it to another', parameters: idParam, responses: { '200': ok('the trip'), ...errors } },
      delete: { summary: 'Unpin a trip', parameters: idParam, responses: { '200': ok('the trip'), ...errors } },
    },
    '/vehicles/{id}/breaks': {
      post: {
        summary: "Schedule a driver's break: the vehicle neither drives nor serves a stop in it; on shift, its plan must keep every promise (else 409 BreakConflictsWithPlan)",
        parameters: idParam,
        requestBody: body(breakSchema),
        responses: { '201': ok('{ id, vehicleId, startsAt, endsAt, createdBy }'), ...errors },
      },
    },
    '/events': {
      get: {
        summary: 'The audit trail: events with from <= at < to, oldest first, a page at a time (operator actions are type operator_action with who and why)',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: time },
          { name: 'to', in: 'query', required: true, schema: time },
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'the previous page’s nextAfter' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: { '200': ok('{ events: [{ seq, at, type, tripId, vehicleId, payload }], nextAfter }'), ...errors },
      },
    },
  };
}
