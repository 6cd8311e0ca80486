import { hostname } from 'node:os';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** The environment variables operators set for logs and identity. */
export const OBSERVABILITY_ENV = Object.freeze({
  logLevel: 'ANYSTOP_LOG_LEVEL',
  instanceId: 'ANYSTOP_INSTANCE_ID',
});

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** This instance's name in logs, metrics and zone leases: ANYSTOP_INSTANCE_ID, else the host name and pid. */
export function instanceIdFromEnv(env: NodeJS.ProcessEnv, pid: number = process.pid): string {
  const raw = env[OBSERVABILITY_ENV.instanceId]?.trim();
  if (raw) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw new Error(`${OBSERVABILITY_ENV.instanceId} must be 1–64 letters, digits, '.', '_' or '-', got '${raw}'`);
    return raw;
  }
  return `${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${pid}`;
}

/**
 * Structured JSON logs (pino), one line per event, every line carrying the instance id. Level from ANYSTOP_LOG_LEVEL
 * (default info); to stdout unless a destination is given (the progress lines stay on stderr).
 */
export function createLogger(options: { instanceId: string; level?: string; destination?: DestinationStream }): Logger {
  const level = options.level ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`${OBSERVABILITY_ENV.logLevel} must be one of ${LEVELS.join(', ')}, got '${level}'`);
  const settings = { level, base: { instance: options.instanceId }, timestamp: pino.stdTimeFunctions.isoTime };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing (in-process servers in tests, what-if runs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
