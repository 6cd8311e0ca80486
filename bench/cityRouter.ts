import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildRoadNetwork } from '../routing/builtin/graph/buildRoadNetwork';
import { contractNetwork } from '../routing/builtin/prepare';
import { loadPrepared, META_FILE, readPreparedMeta, savePrepared, type PreparedMeta, type PreparedRouter } from '../routing/builtin/storage';
import { syntheticCity } from './syntheticCity';

/** The seed of the synthetic cities of the growth curves (bench/syntheticBench.ts). */
export const CITY_SEED = 42;

/** The `source` a prepared synthetic city is stored under: a folder of another size or seed is refused, not reused. */
export function citySource(nodes: number, seed = CITY_SEED): string {
  return seed === CITY_SEED ? `synthetic-${nodes}` : `synthetic-${nodes}-seed-${seed}`;
}

/**
 * The prepared router of the synthetic city of `nodes` road nodes: loaded from `dir` when it holds that city
 * (as `anystop serve --router-data` loads it), else prepared now and saved there (minutes of CPU at 250k).
 */
export function cityRouter(nodes: number, dir: string, say: (m: string) => void = () => {}): PreparedRouter & { meta: PreparedMeta; prepared: boolean } {
  const source = citySource(nodes);
  if (existsSync(join(dir, META_FILE))) {
    const stored = readPreparedMeta(dir).source;
    if (stored !== source) throw new Error(`${dir} holds ${stored}, not ${source}: give another --router-dir or the matching --city`);
    return { ...loadPrepared(dir), prepared: false };
  }
  say(`preparing ${source} into ${dir} (no prepared router there yet)…`);
  const city = syntheticCity(nodes, CITY_SEED);
  savePrepared(dir, contractNetwork(buildRoadNetwork(city.extract)), source, '2026-01-01T00:00:00.000Z');
  return { ...loadPrepared(dir), prepared: true };
}
