import { createGraphHopperRouter } from '../graphhopper/createGraphHopperRouter';
import { GraphHopperReplayServer } from '../graphhopper/testing/GraphHopperReplayServer';
import { describeRouterContract } from './routerContract';

describeRouterContract('GraphHopper backend against the recorded answers in GraphHopper format', async () => {
  const server = await new GraphHopperReplayServer({ key: 'test-key' }).start();
  const router = await createGraphHopperRouter({ router: 'graphhopper', url: server.url, key: 'test-key', timeoutMs: 2000, retries: 0 });
  return {
    router,
    exact: true,
    // GraphHopper's matrix sends whole seconds and metres.
    tolerance: { durationS: 0.5, distanceM: 0.5 },
    nearestNames: false,
    teardown: async () => {
      await router.close();
      await server.close();
    },
  };
});
