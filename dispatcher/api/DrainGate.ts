import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../protocol/errors';

/** Seconds a client refused during shutdown is asked to wait (another instance, or this one restarted, takes over). */
export const SHUTDOWN_RETRY_AFTER_S = 5;

/**
 * The HTTP edge of a graceful shutdown, in front of the app: counts requests in flight, and once `drain()` is called
 * answers every new request at once with 503 ShuttingDown and Retry-After (and `Connection: close`, so keep-alive
 * clients reconnect elsewhere), while the requests already in flight finish normally.
 */
export class DrainGate {
  private inFlight = 0;
  private closing = false;
  private readonly waiting: Array<() => void> = [];

  get draining(): boolean {
    return this.closing;
  }

  /** Requests being answered now. */
  get active(): number {
    return this.inFlight;
  }

  wrap(app: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.closing) return refuse(res);
      this.inFlight++;
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) for (const done of this.waiting.splice(0)) done();
      });
      app(req, res);
    };
  }

  drain(): void {
    this.closing = true;
  }

  /** Resolves true when no request is in flight, or false after `timeoutMs` with some still running. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

function refuse(res: ServerResponse): void {
  const body: ApiErrorBody = { error: { code: 'ShuttingDown', message: 'The dispatcher is shutting down; nothing was done. Try again in a few seconds.' } };
  const text = JSON.stringify(body);
  res.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'retry-after': String(SHUTDOWN_RETRY_AFTER_S),
    connection: 'close',
  });
  res.end(text);
}
