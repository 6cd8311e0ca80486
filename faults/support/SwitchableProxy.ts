import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyMode = 'up' | 'down' | 'slow';

/**
 * An HTTP proxy on 127.0.0.1 in front of a routing engine, for fault tests, switchable while the dispatcher runs:
 * 'up' forwards, 'down' closes the port and every open connection (connection refused, as a crashed engine),
 * 'slow' holds every answer `slowMs` (longer than the client's timeout, as an overloaded engine).
 */
export class SwitchableProxy {
  mode: ProxyMode = 'up';
  /** Requests that reached the proxy (forwarded or held). */
  requests = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<NodeJS.Timeout>();
  private port = 0;

  constructor(
    private readonly targetUrl: string,
    private readonly slowMs = 30_000,
  ) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await this.listen(0);
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async set(mode: ProxyMode): Promise<void> {
    if (mode === this.mode) return;
    const wasDown = this.mode === 'down';
    this.mode = mode;
    if (mode === 'down') await this.closePort();
    else if (wasDown) await this.listen(this.port);
  }

  async close(): Promise<void> {
    for (const t of this.held) clearTimeout(t);
    if (this.mode !== 'down') await this.closePort();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    if (this.mode !== 'slow') return this.forward(req, res);
    const timer = setTimeout(() => {
      this.held.delete(timer);
      this.forward(req, res);
    }, this.slowMs);
    this.held.add(timer);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (res.destroyed) return;
    const upstream = http.request(this.targetUrl + (req.url ?? '/'), { method: req.method, headers: { accept: 'application/json' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private async closePort(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
