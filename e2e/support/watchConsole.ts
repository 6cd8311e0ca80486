import type { Page } from 'playwright-core';
import { DEFAULT_TILE_HOST } from './tiles';

/**
 * Collects a page's console errors and uncaught exceptions. Two kinds are let through: failed loads of map
 * tiles from the tile host, which the test cuts off on purpose (these machines have no internet) to
 * exercise the road-network fallback; and the browser's own line about an API error response that a test
 * provokes on purpose, named in `expected` while it does. Any other error fails the test.
 */
export function watchConsole(page: Page, name: string, errors: string[], expected: readonly RegExp[] = []): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    if (url.startsWith(`https://${DEFAULT_TILE_HOST}/`)) return;
    if (expected.some((re) => re.test(`${message.text()} ${url}`))) return;
    errors.push(`${name}: console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`${name}: uncaught ${error.name}: ${error.message}`));
}
