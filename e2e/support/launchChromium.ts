import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (scripts/test.sh installs it); Playwright cannot download a browser on these machines. */
export const CHROMIUM_PATH = process.env.ANYSTOP_CHROMIUM ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed network refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (removed on close), in Seoul's time zone as the service's riders are. */
export async function launchChromium(options: { locale?: string } = {}): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'anystop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: 'Asia/Seoul',
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
