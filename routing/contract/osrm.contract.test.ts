import { createOsrmRouter } from '../osrm/createOsrmRouter';
import { OsrmReplayServer } from '../osrm/testing/OsrmReplayServer';
import { describeRouterContract } from './routerContract';

describeRouterContract('OSRM backend against the recorded OSRM answers', async () => {
  const server = await new OsrmReplayServer().start();
  const router = await createOsrmRouter({ router: 'osrm', url: server.url, timeoutMs: 2000, retries: 0 });
  return {
    router,
    exact: true,
    teardown: async () => {
      await router.close();
      await server.close();
    },
  };
});
