import type { BrowserContext } from 'playwright-core';

/** The default tile server's host (web/shared/tileConfig.ts). */
export const DEFAULT_TILE_HOST = 'tile.openstreetmap.org';

/** Tiles fail at once, as they would on a machine without internet, so the pages draw the router's roads. */
export async function cutOffTiles(context: BrowserContext): Promise<void> {
  await context.route(`https://${DEFAULT_TILE_HOST}/**`, (route) => route.abort('internetdisconnected'));
}
