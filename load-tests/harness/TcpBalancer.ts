import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A load balancer on 127.0.0.1 in front of several instances, as an operator runs one: each new TCP connection goes
 * to the next target in turn (websocket upgrades and plain HTTP take turns separately, so both spread), and a target
 * that refuses the connection (a dead instance) is skipped for the next one.
 */
export class TcpBalancer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private turn = { ws: 0, http: 0 };
  /** Connections handed to each target, by kind. */
  readonly handed = new Map<string, { ws: number; http: number }>();

  constructor(private readonly targets: () => readonly string[]) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      client.pause();
      const kind = /^upgrade:\s*websocket/im.test(first.toString('latin1')) ? 'ws' : 'http';
      const targets = this.targets();
      const start = this.turn[kind]++;
      const attempt = (i: number): void => {
        if (i >= targets.length) return void client.destroy();
        const target = new URL(targets[(start + i) % targets.length]);
        const upstream = connect(Number(target.port), target.hostname);
        this.sockets.add(upstream);
        upstream.once('close', () => this.sockets.delete(upstream));
        upstream.once('error', () => {
          upstream.destroy();
          if (!upstream.bytesRead && !client.destroyed && upstream.bytesWritten === 0) attempt(i + 1);
          else client.destroy();
        });
        upstream.once('connect', () => {
          const counts = this.handed.get(target.origin) ?? { ws: 0, http: 0 };
          counts[kind]++;
          this.handed.set(target.origin, counts);
          upstream.write(first);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          upstream.once('close', () => client.destroy());
          client.once('close', () => upstream.destroy());
        });
      };
      attempt(0);
    });
  }
}
