import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_DIR } from './startLiveServer';

/** Where the run leaves its screenshots (artifacts/ is kept out of git; CI collects it). */
export const SCREENSHOT_DIR = process.env.ANYSTOP_E2E_ARTIFACTS ?? join(REPO_DIR, 'artifacts', 'e2e');

export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 1280, height: 800 };

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** Wider than the viewport means something overflows sideways: a layout bug on that screen size. */
export async function horizontalOverflowPx(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
