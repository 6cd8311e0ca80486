import { RoutingError } from '../errors';
import type { RouterFactory } from '../registry';
import { BuiltinRouter } from './BuiltinRouter';
import { loadPrepared } from './storage';

/** ROUTER=builtin: loads the folder written by `anystop routing prepare` (ROUTER_DATA). */
export const createBuiltinRouter: RouterFactory = async (config) => {
  if (!config.dataDir) {
    throw new RoutingError(
      'InvalidInput',
      'The built-in router needs a prepared folder: set ROUTER_DATA (run `npx anystop routing prepare <file.osm.pbf> --out <dir>` first)',
    );
  }
  return new BuiltinRouter(loadPrepared(config.dataDir));
};
