import WebSocket from 'ws';
import { CLOSE_CODES, type ClientMessage, type Manifest, PROTOCOL_VERSION, type ServerMessage, WS_PATH } from '../../protocol/realtime';
import type { TokenSource } from '../../dispatcher/auth/TokenIssuer';
import type { AckResult, DriverLink } from './DriverLink';

/** How long a stop event waits for its ack before it counts as failed. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * A driver's websocket channel, as the driver console uses it: hello as the vehicle, the manifest kept
 * current, stop events acknowledged by request id, reconnect with the last seq after a drop.
 */
export class WsDriverLink implements DriverLink {
  manifest: Manifest | null = null;
  private socket: WebSocket | null = null;
  private lastSeq = 0;
  private nextRequest = 1;
  private closed = false;
  private readonly pending = new Map<string, (r: AckResult) => void>();
  /** Waiting for pongs, in order: the server answers one client's messages in the order they came. */
  private readonly pongs: Array<() => void> = [];
  /** Resolves when the first manifest arrives after a (re)connect. */
  private ready: Promise<void> = Promise.resolve();
  private signedIn = false;

  private constructor(
    private readonly baseUrl: string,
    readonly vehicleId: string,
    private readonly token: TokenSource,
  ) {}

  /** Signs in with the driver's token (its vehicleId claim names the vehicle); a fresh token at every reconnect. */
  static async connect(baseUrl: string, vehicleId: string, token: TokenSource): Promise<WsDriverLink> {
    const link = new WsDriverLink(baseUrl, vehicleId, token);
    await link.open();
    return link;
  }

  private open(): Promise<void> {
    const url = this.baseUrl.replace(/^http/, 'ws') + WS_PATH;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.ready = new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        this.token().then(
          (token) => this.send({ v: PROTOCOL_VERSION, type: 'hello', role: 'driver', vehicleId: this.vehicleId, lastSeq: this.lastSeq, token }),
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      });
      socket.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as ServerMessage;
        if (msg.type === 'manifest') {
          this.signedIn = true;
          this.manifest = msg.manifest;
          this.lastSeq = Math.max(this.lastSeq, msg.seq);
          resolve();
        } else if (msg.type === 'pong') {
          this.pongs.shift()?.();
        } else if (msg.type === 'error') {
          process.stderr.write(`driver ${this.vehicleId}: server said ${msg.error.code}: ${msg.error.message}\n`);
        } else if (msg.type === 'ack') {
          const done = this.pending.get(msg.requestId);
          this.pending.delete(msg.requestId);
          done?.(msg.ok ? { ok: true } : { ok: false, code: msg.error.code, message: msg.error.message });
        }
      });
      socket.once('error', reject);
      socket.once('close', (code, reason) => {
        this.signedIn = false;
        // A refused hello will be refused again: stop instead of knocking twice a second.
        const refused = code === CLOSE_CODES.forbidden || code === CLOSE_CODES.helloRequired;
        reject(new Error(`driver ${this.vehicleId}: connection closed ${code} ${String(reason)}`));
        if (refused) this.closed = true;
        if (!this.closed) process.stderr.write(`driver ${this.vehicleId}: connection closed ${code} ${String(reason)}; reconnecting\n`);
        for (const done of this.pending.values()) done({ ok: false, code: 'Disconnected', message: 'the connection closed before the ack' });
        this.pending.clear();
        for (const done of this.pongs.splice(0)) done();
        if (!this.closed) setTimeout(() => void this.open().catch(() => undefined), 500);
      });
    });
    return this.ready;
  }

  /** True once this connection got its manifest; false while reconnecting. */
  get connected(): boolean {
    return this.signedIn;
  }

  private send(msg: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  position(location: [number, number], speedMps: number): Promise<void> {
    if (this.socket?.readyState !== WebSocket.OPEN) return Promise.resolve();
    this.send({ v: PROTOCOL_VERSION, type: 'position', location, speedMps });
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ACK_TIMEOUT_MS);
      this.pongs.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.send({ v: PROTOCOL_VERSION, type: 'ping' });
    });
  }

  stopEvent(tripId: string, event: Extract<ClientMessage, { type: 'stop_event' }>['event'], atS?: number): Promise<AckResult> {
    const requestId = `${this.vehicleId}-${this.nextRequest++}`;
    return new Promise<AckResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ ok: false, code: 'Timeout', message: `no ack within ${ACK_TIMEOUT_MS} ms` });
      }, ACK_TIMEOUT_MS);
      this.pending.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.send({ v: PROTOCOL_VERSION, type: 'stop_event', requestId, tripId, event, ...(atS === undefined ? {} : { atS }) });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.socket;
    if (!s || s.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.close(1000);
    });
  }
}
