import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LngLat, Router, TableOptions, TableResult } from './Router';

/**
 * A table asked in slices of rows, the event loop let go between slices: background work (the re-optimizer's group
 * tables, tens of milliseconds on a city) then delays a request that arrives meanwhile by one slice, not the whole
 * table. Each slice has at most `maxCells` cells (at least one row). The answer is the whole table's, row by row, and
 * `loopMs` the time the slices themselves took (not the pauses between them).
 */
export async function tableInSlices(
  router: Router,
  sources: readonly LngLat[],
  destinations: readonly LngLat[],
  options: TableOptions,
  maxCells: number,
): Promise<{ table: Pick<TableResult, 'durationsS' | 'distancesM'>; loopMs: number }> {
  const per = Math.max(1, Math.floor(maxCells / Math.max(1, destinations.length)));
  const durationsS: TableResult['durationsS'] = [];
  const distancesM: TableResult['distancesM'] = [];
  let loopMs = 0;
  for (let from = 0; from < sources.length; from += per) {
    if (from > 0) await yieldToLoop();
    const to = Math.min(sources.length, from + per);
    const start = performance.now();
    const slice = await router.table(sources.slice(from, to), destinations, {
      ...options,
      ...(options.sourceApproaches ? { sourceApproaches: options.sourceApproaches.slice(from, to) } : {}),
      ...(options.sourceRadiuses ? { sourceRadiuses: options.sourceRadiuses.slice(from, to) } : {}),
      ...(options.sourceBearings ? { sourceBearings: options.sourceBearings.slice(from, to) } : {}),
    });
    loopMs += performance.now() - start;
    durationsS.push(...slice.durationsS);
    distancesM.push(...slice.distancesM);
  }
  return { table: { durationsS, distancesM }, loopMs };
}
