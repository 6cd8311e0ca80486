import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { ApiError } from '../errors/ApiError';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Runs an async handler and hands its errors to the error middleware. */
export const route = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res).catch(next);
};

/** Checks a value with a zod schema; the first problem becomes ValidationFailed naming its path (`body.origin.1`). */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const path = first.path.length ? `${what}.${first.path.join('.')}` : what;
    throw new ApiError('ValidationFailed', `${path}: ${first.message}`);
  }
  return result.data;
}
