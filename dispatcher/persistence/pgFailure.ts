import { isPersistenceError } from './PersistenceError';

/** Socket errors that mean the database server cannot be reached (or went away mid-conversation). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server that is stopping, starting or full: 57P01 admin shutdown, 57P02 crash, 57P03 cannot connect now, 53300 too many connections. */
const SERVER_GONE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** pg's own messages for a connection that died or never came (they carry no code). */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
  'Cannot use a pool after calling end on the pool',
];

/**
 * What kind of database failure an error is. 'connection': the server is unreachable, stopping or dropped the
 * connection; a write in flight may or may not have committed. 'data': PostgreSQL refused a value (SQLSTATE class 22:
 * a NUL character in text, a number or time out of range); nothing was written. null: anything else.
 */
export function pgFailureKind(e: unknown): 'connection' | 'data' | null {
  if (isPersistenceError(e)) return e.code === 'DatabaseUnavailable' ? 'connection' : null;
  const err = e as { code?: unknown; message?: unknown; errors?: unknown } | null;
  if (err === null || typeof err !== 'object') return null;
  const code = typeof err.code === 'string' ? err.code : '';
  if (NETWORK_CODES.has(code) || SERVER_GONE_STATES.has(code) || code.startsWith('08')) return 'connection';
  if (/^22[0-9A-Z]{3}$/.test(code)) return 'data';
  const message = typeof err.message === 'string' ? err.message : '';
  if (PG_CONNECTION_MESSAGES.some((m) => message.startsWith(m))) return 'connection';
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  if (Array.isArray(err.errors) && err.errors.length > 0 && err.errors.every((x) => pgFailureKind(x) === 'connection')) return 'connection';
  return null;
}

/** True when the database cannot be reached right now (see pgFailureKind). */
export function isConnectionFailure(e: unknown): boolean {
  return pgFailureKind(e) === 'connection';
}
