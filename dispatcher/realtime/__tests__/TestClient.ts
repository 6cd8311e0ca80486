import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { type ClientMessage, PROTOCOL_VERSION, type ServerMessage, WS_PATH } from '../../../protocol/realtime';

type Outgoing = ClientMessage extends infer M ? (M extends ClientMessage ? Omit<M, 'v'> : never) : never;
export type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/**
 * A real ws client for the protocol tests: records every message, waits for the next one that matches,
 * and reports how the server closed it.
 */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly ws: WebSocket;
  private waiters: (() => void)[] = [];

  private constructor(baseUrl: string) {
    this.ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + WS_PATH);
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    void this.closed.then(() => this.wake());
  }

  static async open(baseUrl: string): Promise<TestClient> {
    const client = new TestClient(baseUrl);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    return client;
  }

  /** Opens, says hello and waits for the welcome. */
  static async hello(baseUrl: string, hello: Omit<Extract<Outgoing, { type: 'hello' }>, 'type'>): Promise<TestClient> {
    const client = await TestClient.open(baseUrl);
    client.send({ type: 'hello', ...hello });
    await client.next('welcome');
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Outgoing): void {
    this.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The first message of this type (after `from`) that matches; waits for it up to timeoutMs. */
  async next<T extends ServerMessage['type']>(type: T, match: (m: Of<T>) => boolean = () => true, options: { from?: number; timeoutMs?: number } = {}): Promise<Of<T>> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const found = this.messages.slice(options.from ?? 0).find((m): m is Of<T> => m.type === type && match(m as Of<T>));
      if (found) return found;
      if (!this.isOpen) throw new Error(`closed before a ${type} arrived; got ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching ${type} within ${options.timeoutMs ?? 5000} ms; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** A ping answered: the connection is open and the server still reads it. */
  async roundTrip(): Promise<void> {
    const from = this.messages.length;
    this.send({ type: 'ping' });
    await this.next('pong', () => true, { from });
  }

  /** Highest seq seen on any message. */
  lastSeq(): number {
    return Math.max(0, ...this.messages.map((m) => ('seq' in m ? m.seq : 0)));
  }

  /** Stops reading from the network: the server's writes pile up in the kernel, then in ws. */
  pauseReading(): void {
    this.underlyingSocket().pause();
  }

  resumeReading(): void {
    this.underlyingSocket().resume();
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }

  private underlyingSocket(): Socket {
    return (this.ws as unknown as { _socket: Socket })._socket;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private describe(): string {
    return this.messages.map((m) => m.type).join(', ') || 'nothing';
  }
}
