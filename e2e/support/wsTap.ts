import type { Page, WebSocketRoute } from 'playwright-core';
import type { HelloMessage } from '../../protocol/realtime';

/**
 * Stands between a page and the dispatcher's websocket (Playwright's routeWebSocket), passing every frame
 * through, so a test can read the hellos the page sends, cut the link as a lost mobile signal would, and
 * hold the reconnect back while it looks at the page.
 */
export class WsTap {
  readonly hellos: HelloMessage[] = [];
  /** Every message the page sent, in order (parsed). */
  readonly sent: Record<string, unknown>[] = [];
  /** Every message the dispatcher sent the page, in order (parsed). */
  readonly received: Record<string, unknown>[] = [];
  private current: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};

  static async attach(page: Page): Promise<WsTap> {
    const tap = new WsTap();
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const server = ws.connectToServer();
      tap.current = { page: ws, server };
      ws.onMessage(async (frame) => {
        await tap.gate;
        const text = typeof frame === 'string' ? frame : frame.toString('utf8');
        const parsed = safeJson(text);
        if (parsed?.type === 'hello') tap.hellos.push(parsed as unknown as HelloMessage);
        if (parsed) tap.sent.push(parsed);
        server.send(frame);
      });
      server.onMessage((frame) => {
        const parsed = safeJson(typeof frame === 'string' ? frame : frame.toString('utf8'));
        if (parsed) tap.received.push(parsed);
        ws.send(frame);
      });
    });
    return tap;
  }

  /** Drops the link (both ends), as when the signal goes. */
  async drop(): Promise<void> {
    const link = this.current;
    this.current = null;
    if (!link) throw new Error('no websocket to drop');
    await link.server.close({ code: 1001, reason: 'test: signal lost' });
    await link.page.close({ code: 4000, reason: 'test: signal lost' });
  }

  /** Holds whatever the page sends (its next hello) until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
