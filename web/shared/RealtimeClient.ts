import { CLOSE_CODES, PROTOCOL_VERSION, WS_PATH, type ClientMessage, type HelloMessage, type ServerMessage } from '../../protocol/realtime';
import { SignInNeeded } from './session';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

type Hello = Omit<HelloMessage, 'v' | 'type' | 'lastSeq'>;
type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;
type RequestMessage = Extract<ClientMessage, { requestId: string }>;
/** A request without its envelope: the client numbers it. */
export type RealtimeRequest = RequestMessage extends infer M ? (M extends unknown ? Omit<M, 'v' | 'requestId'> : never) : never;

/** A request the server refused (its ack's code), or that got no ack (Disconnected, Timeout). */
export class RealtimeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeFailure';
  }
}

export interface RealtimeOptions {
  /** Read at every (re)connect, so it can follow the page's state (and carry a fresh token). */
  hello: () => Hello | Promise<Hello>;
  /** The dispatcher refused the token (4003): forget it, so the next hello gets a new one. Tried once per refusal in a row. */
  renewToken?: () => void;
  onMessage: (message: ServerMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  ackTimeoutMs?: number;
}

/** Waits between reconnects: doubles from the first to the last, with some jitter so clients spread out. */
export const RECONNECT_DELAYS_MS = Object.freeze({ first: 500, last: 8000 });
export const DEFAULT_ACK_TIMEOUT_MS = 10_000;
const PING_EVERY_MS = 25_000;

interface Pending {
  resolve: () => void;
  reject: (e: RealtimeFailure) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One page's websocket to the dispatcher (protocol/realtime.ts): says hello with its role and the last seq
 * it saw, reconnects by itself with backoff, numbers requests and matches their acks.
 */
export class RealtimeClient {
  private socket: WebSocket | null = null;
  private seq = 0;
  private attempt = 0;
  private stopped = true;
  private nextRequest = 1;
  private readonly pending = new Map<string, Pending>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private currentStatus: ConnectionStatus = 'connecting';
  private renewedToken = false;

  constructor(private readonly options: RealtimeOptions) {}

  /** The highest event-log seq seen: a reconnect resumes from it. */
  get lastSeq(): number {
    return this.seq;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(CLOSE_CODES.normal);
    this.socket = null;
    this.failPending('Disconnected', 'The connection was closed');
  }

  /** Starts over with a new hello (another vehicle or rider), forgetting the seq. */
  restart(): void {
    this.stop();
    this.seq = 0;
    this.start();
  }

  /** Sends a message if connected; false if it could not be sent now. */
  send(message: Unversioned<Exclude<ClientMessage, RequestMessage | HelloMessage>>): boolean {
    if (this.currentStatus !== 'connected' || !this.socket) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    return true;
  }

  /** Sends a request and resolves on its positive ack; rejects with the ack's error, on timeout or when the link drops. */
  request(message: RealtimeRequest): Promise<void> {
    if (this.currentStatus !== 'connected' || !this.socket) {
      return Promise.reject(new RealtimeFailure('Disconnected', 'Not connected to the dispatcher'));
    }
    const requestId = `r${Date.now().toString(36)}-${this.nextRequest++}`;
    const socket = this.socket;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RealtimeFailure('Timeout', 'The dispatcher did not answer in time'));
      }, this.options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
      this.pending.set(requestId, { resolve, reject, timer });
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, requestId, ...message }));
    });
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.options.onStatus(status);
  }

  private connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      Promise.resolve()
        .then(() => this.options.hello())
        .then(
          (fields) => {
            if (this.socket !== socket) return;
            socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', ...fields, ...(this.seq > 0 ? { lastSeq: this.seq } : {}) }));
          },
          (e: unknown) => {
            if (this.socket !== socket) return;
            if (e instanceof SignInNeeded) {
              // No token to be had at all: as good as refused.
              this.stopped = true;
              this.socket = null;
              this.setStatus('refused');
            }
            socket.close(CLOSE_CODES.normal); // otherwise (offline for a moment): try again later
          },
        );
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      this.receive(message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearInterval(this.pingTimer);
      this.failPending('Disconnected', 'The connection dropped before the dispatcher answered');
      if (this.stopped) return;
      if (event.code === CLOSE_CODES.forbidden && this.options.renewToken && !this.renewedToken) {
        // A token kept from before (the demo restarted with a new key): once more with a new one.
        this.renewedToken = true;
        this.options.renewToken();
        this.connect();
        return;
      }
      if (event.code === CLOSE_CODES.forbidden || event.code === CLOSE_CODES.helloRequired) {
        this.stopped = true;
        this.setStatus('refused');
        return;
      }
      this.setStatus('reconnecting');
      const base = Math.min(RECONNECT_DELAYS_MS.first * 2 ** this.attempt++, RECONNECT_DELAYS_MS.last);
      this.retryTimer = setTimeout(() => this.connect(), base * (0.75 + Math.random() / 2));
    });
  }

  private receive(message: ServerMessage): void {
    if ('seq' in message && typeof message.seq === 'number') this.seq = Math.max(this.seq, message.seq);
    switch (message.type) {
      case 'welcome':
        this.attempt = 0;
        this.renewedToken = false;
        this.setStatus('connected');
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
        break;
      case 'ack': {
        const pending = this.pending.get(message.requestId);
        if (!pending) break;
        this.pending.delete(message.requestId);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve();
        else pending.reject(new RealtimeFailure(message.error.code, message.error.message));
        break;
      }
      default:
        break;
    }
    this.options.onMessage(message);
  }

  private failPending(code: string, text: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RealtimeFailure(code, text));
      this.pending.delete(id);
    }
  }
}
