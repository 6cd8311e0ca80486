import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { contractGraph } from './ch/contractGraph';
import { buildRoadNetwork } from './graph/buildRoadNetwork';
import { buildTurnGraph } from './graph/turnGraph';
import { readOsmExtract } from './osm/readOsmExtract';
import { savePrepared, type PreparedRouter } from './storage';
import type { RoadNetwork } from './graph/RoadNetwork';
import { RoutingError } from '../errors';

export type PrepareStage = 'read ways' | 'read nodes' | 'build network' | 'contract' | 'save';

export interface PrepareProgress {
  stage: PrepareStage;
  done: number;
  total?: number;
}

/**
 * The pipeline behind `anystop routing prepare`: read the extract, build the road network,
 * contract it, and (with `outDir`) store the result for fast loading.
 */
export async function prepareRouter(
  osmFile: string,
  options: { outDir?: string; onProgress?: (p: PrepareProgress) => void; now?: () => Date } = {},
): Promise<PreparedRouter> {
  if (!existsSync(osmFile)) throw new RoutingError('InvalidInput', `No such OSM extract: ${osmFile}`);
  const report = options.onProgress ?? (() => {});
  let extract;
  try {
    extract = await readOsmExtract(osmFile, (phase, n) => report({ stage: phase === 'ways' ? 'read ways' : 'read nodes', done: n }));
  } catch (e) {
    throw new RoutingError('InvalidInput', `${osmFile} is not a readable .osm.pbf extract: ${(e as Error).message}`, { cause: e });
  }
  report({ stage: 'build network', done: 0, total: 1 });
  const network = buildRoadNetwork(extract);
  if (network.chainCount === 0) throw new RoutingError('InvalidInput', `${osmFile} contains no road a car may use`);
  report({ stage: 'build network', done: 1, total: 1 });
  const prepared = contractNetwork(network, (done, total) => report({ stage: 'contract', done, total }));
  if (options.outDir) {
    report({ stage: 'save', done: 0, total: 1 });
    savePrepared(options.outDir, prepared, basename(osmFile), (options.now?.() ?? new Date()).toISOString());
    report({ stage: 'save', done: 1, total: 1 });
  }
  return prepared;
}

/** Builds the edge-based graph (turns) of a road network and contracts it. */
export function contractNetwork(network: RoadNetwork, onProgress?: (done: number, total: number) => void): PreparedRouter {
  const turns = buildTurnGraph(network);
  const ch = contractGraph(turns, onProgress);
  return { network, ch, turns };
}
