import type { Page } from 'playwright-core';
import { DEFAULT_TILE_HOST } from './tiles';

/**
 * Collects a page's console errors and uncaught exceptions. The one exception: failed loads of map tiles
 * from the tile host, which the test cuts off on purpose (these machines have no internet) to exercise
 * the road-network fallback. Any other error fails the test.
 */
export function watchConsole(page: Page, name: string, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    if (url.startsWith(`https://${DEFAULT_TILE_HOST}/`)) return;
    errors.push(`${name}: console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`${name}: uncaught ${error.name}: ${error.message}`));
}
