import { CodedError } from '../errors/CodedError';

/** Stable codes of every DARP input failure. */
export const DarpErrorCode = {
  /** No file at the given path. */
  InstanceNotFound: 'InstanceNotFound',
  /** The path exists but cannot be read (a folder, no permission). */
  InstanceUnreadable: 'InstanceUnreadable',
  /** The text is not a Cordeau instance; the message names the line. */
  InstanceMalformed: 'InstanceMalformed',
} as const;
export type DarpErrorCode = (typeof DarpErrorCode)[keyof typeof DarpErrorCode];

export class DarpError extends CodedError<DarpErrorCode> {}

export function isDarpError(e: unknown): e is DarpError {
  return e instanceof DarpError;
}
