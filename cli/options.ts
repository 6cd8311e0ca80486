import { OptionError } from './OptionError';

/** Parses a whole-number option, with a message that names the option. */
export function parsePort(value: string, name: string, min: number, max = 65535): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new OptionError(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}
