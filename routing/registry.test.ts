import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from '../test-support/sharedData';
import { routerRegistry } from './backends';
import { prepareRouter } from './builtin/prepare';
import { RoutingError } from './errors';
import { routerConfigFromEnv } from './registry';

describe('choosing a routing backend by configuration', () => {
  test('the environment names the backend, its URL, key and limits', () => {
    expect(routerConfigFromEnv({ ROUTER: 'osrm', ROUTER_URL: 'http://127.0.0.1:5000', ROUTER_TIMEOUT_MS: '300', ROUTER_RETRIES: '2' })).toEqual({
      router: 'osrm',
      url: 'http://127.0.0.1:5000',
      key: undefined,
      dataDir: undefined,
      timeoutMs: 300,
      retries: 2,
    });
    expect(routerConfigFromEnv({}).router).toBe('builtin');
  });

  test('all three backends are registered', () => {
    expect(routerRegistry.names().sort()).toEqual(['builtin', 'graphhopper', 'osrm']);
  });

  test('an unknown backend name is refused with the list of known ones', async () => {
    await expect(routerRegistry.create({ router: 'valhalla' })).rejects.toThrow(/builtin, osrm, graphhopper/);
  });

  test('ROUTER=builtin without ROUTER_DATA explains how to prepare one', async () => {
    await expect(routerRegistry.create({ router: 'builtin' })).rejects.toBeInstanceOf(RoutingError);
  });

  test('ROUTER=builtin with a prepared folder routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anystop-registry-'));
    try {
      await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), { outDir: dir });
      const router = await routerRegistry.create({ router: 'builtin', dataDir: dir });
      expect(router.name).toBe('builtin');
      expect((await router.nearest([127.109301, 37.51282])).distanceM).toBeLessThan(1);
      await router.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
