import type { AddressInfo } from 'node:net';
import { sharedPath } from '../../test-support/sharedData';
import { BuiltinRouter } from '../builtin/BuiltinRouter';
import { prepareRouter } from '../builtin/prepare';
import { createOsrmRouter } from '../osrm/createOsrmRouter';
import { createOsrmServer } from '../server/createOsrmServer';
import { describeRouterContract } from './routerContract';

const songpa = () => prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'));

describeRouterContract('built-in router on the Seoul Songpa extract', async () => ({
  router: new BuiltinRouter(await songpa()),
  exact: false,
  teardown: async () => {},
}));

// The same contract end to end: our OSRM client talking to our OSRM-compatible server over the built-in router.
describeRouterContract('OSRM backend against `anystop routing serve` (built-in router behind the OSRM API)', async () => {
  const server = createOsrmServer(new BuiltinRouter(await songpa()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const router = await createOsrmRouter({ router: 'osrm', url: `http://127.0.0.1:${port}`, timeoutMs: 2000, retries: 0 });
  return {
    router,
    exact: false,
    teardown: async () => {
      await router.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});
