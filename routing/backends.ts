import { RouterRegistry } from './registry';
import { createBuiltinRouter } from './builtin/createBuiltinRouter';
import { createOsrmRouter } from './osrm/createOsrmRouter';
import { createGraphHopperRouter } from './graphhopper/createGraphHopperRouter';

/** Every routing backend Anystop ships, by the name used in ROUTER=... */
export const routerRegistry = new RouterRegistry()
  .register('builtin', createBuiltinRouter)
  .register('osrm', createOsrmRouter)
  .register('graphhopper', createGraphHopperRouter);
