import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * ../shared beside the repository: real OSM extracts, DARP instances and OSRM recordings (read, never copied).
 * ANYSTOP_SHARED_DIR points elsewhere, for a checkout (a git worktree) that does not sit beside it.
 */
export const SHARED_DIR = process.env.ANYSTOP_SHARED_DIR ? resolve(process.env.ANYSTOP_SHARED_DIR) : resolve(__dirname, '..', '..', 'shared');

export function sharedPath(...parts: string[]): string {
  const p = join(SHARED_DIR, ...parts);
  if (!existsSync(p)) throw new Error(`Missing shared data ${p}: clone the repository beside ../shared`);
  return p;
}

export const CITIES = ['seoul-songpa', 'monaco'] as const;
export type City = (typeof CITIES)[number];
