import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, as the e2e suite drives it. */
const CHROMIUM_PATH = process.env.ANYSTOP_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface PlannerPageFigures {
  /** How the map drew the fleet ('dom' markers or 'canvas' dots) and how many vehicles it showed. */
  rendering: string | null;
  vehiclesShown: number;
  /** Gaps between animation frames while the fleet moved: a smooth page paints every ~16.7 ms. */
  frameP50Ms: number;
  frameP95Ms: number;
  frameP99Ms: number;
  frameMaxMs: number;
  frames: number;
  /** Main-thread tasks over 50 ms (PerformanceObserver 'longtask'): their count and their share of the time. */
  longTasks: number;
  longTaskShare: number;
  sampledS: number;
}

/** Records animation-frame gaps and long tasks from the page's first script on. */
const RECORDER = `
  window.__probe = { gaps: [], long: [], last: 0, on: false };
  const tick = (t) => { const p = window.__probe; if (p.on && p.last) p.gaps.push(t - p.last); p.last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { const p = window.__probe; if (p.on) for (const e of list.getEntries()) p.long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
`;

/**
 * The planner dashboard in Chromium while the load runs: `start` opens it (with a planner token in the address, as a
 * sign-in service hands one) and waits until the map shows the whole fleet; `measure` samples the frames for a while.
 */
export class PlannerPageProbe {
  private browser: Browser | null = null;
  private page: Page | null = null;

  async start(base: string, token: string, fleet: number, timeoutMs = 120_000): Promise<void> {
    this.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const context = await this.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Seoul' });
    // Map tiles would come from the internet: refuse them, the page draws the roads instead (as it does offline).
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    await context.addInitScript(RECORDER);
    this.page = await context.newPage();
    await this.page.goto(`${base}/planner#token=${token}`);
    await this.page.getByTestId('map').scrollIntoViewIfNeeded();
    await this.page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.fleetSize ?? 0) >= n, fleet, { timeout: timeoutMs, polling: 500 });
  }

  /** Samples for `seconds`; with `profileFile`, the page's main-thread CPU profile over them is written there (.cpuprofile). */
  async measure(seconds: number, profileFile?: string): Promise<PlannerPageFigures> {
    const page = this.page;
    if (!page) throw new Error('the planner page probe was not started');
    const cdp = profileFile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.evaluate(() => ((window as unknown as { __probe: { on: boolean } }).__probe.on = true));
    await new Promise((r) => setTimeout(r, seconds * 1000));
    if (cdp && profileFile) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const raw = await page.evaluate(() => {
      const p = (window as unknown as { __probe: { gaps: number[]; long: number[]; on: boolean } }).__probe;
      p.on = false;
      const map = document.querySelector<HTMLElement>('[data-testid=map]');
      return { gaps: p.gaps, long: p.long, rendering: map?.dataset.fleetRendering ?? null, shown: Number(map?.dataset.fleetSize ?? 0) };
    });
    const gaps = [...raw.gaps].sort((a, b) => a - b);
    const at = (q: number) => (gaps.length === 0 ? NaN : gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]);
    return {
      rendering: raw.rendering,
      vehiclesShown: raw.shown,
      frameP50Ms: at(0.5),
      frameP95Ms: at(0.95),
      frameP99Ms: at(0.99),
      frameMaxMs: gaps.length === 0 ? NaN : gaps[gaps.length - 1],
      frames: gaps.length,
      longTasks: raw.long.length,
      longTaskShare: raw.long.reduce((a, b) => a + b, 0) / (seconds * 1000),
      sampledS: seconds,
    };
  }

  /** The map card (the map and its legend) as a PNG. */
  async screenshot(file: string): Promise<void> {
    const page = this.page;
    if (!page) throw new Error('the planner page probe was not started');
    await page.locator('.map-card').screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }
}
