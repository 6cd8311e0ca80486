import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { selfSignedAuthConfig } from '../../dispatcher/auth/AuthConfig';
import type { Principal } from '../../dispatcher/auth/Principal';
import { SystemClock } from '../../dispatcher/clock/Clock';
import { type RunningServer, type ServerOptions, startServer } from '../../dispatcher/service/startServer';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { sharedPath } from '../../test-support/sharedData';

export const REPO_DIR = join(__dirname, '..', '..');

export interface LiveServer {
  url: string;
  running: RunningServer;
  router: BuiltinRouter;
  /** `{ authorization: 'Bearer …' }` for the test's own calls, as this principal. */
  bearer(principal: Principal): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** Builds the pages (esbuild, under a second) so the test never runs against stale bundles. */
export function buildPages(): void {
  execFileSync(process.execPath, [join(REPO_DIR, 'web', 'build.mjs')], { cwd: REPO_DIR, stdio: 'pipe' });
}

/**
 * The whole dispatcher as `anystop serve --dev-auth` runs it (HTTP, websockets, pages that get development
 * tokens), on a fresh database of the test PostgreSQL, the built-in router over Seoul Songpa and the system
 * clock (the browser's clock too).
 */
export async function startLiveServer(options: Pick<ServerOptions, 'policy' | 'meetingPoints'> = {}): Promise<LiveServer> {
  const [testDb, router]: [TestDatabase, BuiltinRouter] = await Promise.all([
    createTestDatabase(),
    prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p)),
  ]);
  let running: RunningServer;
  try {
    running = await startServer({
      router,
      clock: new SystemClock(),
      port: 0,
      host: '127.0.0.1',
      databaseUrl: testDb.url,
      auth: selfSignedAuthConfig({ devTokens: true }),
      placesFile: sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'),
      ...options,
    });
  } catch (e) {
    await testDb.drop();
    throw e;
  }
  return {
    url: running.url,
    running,
    router,
    bearer: async (principal) => ({ authorization: `Bearer ${await running.auth.issuer!.token(principal)}` }),
    async stop() {
      await running.stop();
      await testDb.drop();
    },
  };
}
