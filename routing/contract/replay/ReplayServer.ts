import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a replay server behaves: 'normal' answers from the recordings; 'down' is a closed port
 * (connection refused); 'slow' holds every answer longer than any client timeout; 'failing' answers
 * every request with the engine's 5xx.
 */
export type ReplayMode = 'normal' | 'down' | 'slow' | 'failing';

export interface ReplayRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Parsed JSON body of a POST; undefined for GET. */
  body: unknown;
}

export interface ReplayAnswer {
  status: number;
  /** Sent as JSON; a string is sent as text/plain. */
  body: unknown;
  /** 'recorded': a real answer verbatim; 'synthesized': built from recorded numbers. Sent as x-replay. */
  origin: 'recorded' | 'synthesized' | 'error';
}

export interface ReplayServerOptions {
  mode?: ReplayMode;
  /** How long 'slow' holds an answer. */
  slowDelayMs?: number;
}

export const DEFAULT_REPLAY_SLOW_DELAY_MS = 30_000;

/**
 * A local HTTP server on 127.0.0.1 (port 0) that answers like a routing engine, for tests. Engines
 * override `answer` (and `failure`); this base owns the sockets, the fault modes and the request log.
 */
export abstract class ReplayServer {
  /** Every request received, in order: tests count them and read what the client sent. */
  readonly requests: ReplayRequest[] = [];
  readonly mode: ReplayMode;
  private readonly slowDelayMs: number;
  private server: http.Server | undefined;
  private port = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: ReplayServerOptions = {}) {
    this.mode = options.mode ?? 'normal';
    this.slowDelayMs = options.slowDelayMs ?? DEFAULT_REPLAY_SLOW_DELAY_MS;
  }

  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41235 */
  get url(): string {
    if (!this.port) throw new Error('Replay server not started yet: await server.start() first');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (this.mode === 'down') {
      this.port = await closedPort();
      return this;
    }
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The engine's answer to one request in 'normal' mode. */
  protected abstract answer(req: ReplayRequest): ReplayAnswer;

  /** What this engine (or the proxy in front of it) sends when it is broken. */
  protected abstract failure(): ReplayAnswer;

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const request: ReplayRequest = { method: req.method ?? 'GET', url: req.url ?? '/', body };
    this.requests.push(request);
    if (this.mode === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send(res, this.answer(request));
      }, this.slowDelayMs);
      this.timers.add(timer);
      return;
    }
    send(res, this.mode === 'failing' ? this.failure() : this.answer(request));
  }
}

function send(res: http.ServerResponse, answer: ReplayAnswer): void {
  if (res.destroyed) return;
  const isText = typeof answer.body === 'string';
  const payload = isText ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-replay': answer.origin,
  });
  res.end(payload);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A port nothing listens on: bind port 0, note it, let it go. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
