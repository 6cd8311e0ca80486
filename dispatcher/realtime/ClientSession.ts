import type { WebSocket } from 'ws';
import { CLOSE_CODES, type Manifest, PROTOCOL_VERSION, type ServerMessage, type WsErrorCode } from '../../protocol/realtime';
import { FINAL_TRIP_STATES, type PlannerTripView, type TripView } from '../../protocol/trips';
import type { ClientIdentity } from './Authorizer';
import { RateLimiter } from './RateLimiter';
import type { RealtimeOptions } from './RealtimeOptions';
import { SendQueue } from './SendQueue';

/** Most trips one rider connection follows (hello.tripIds plus follow_trip plus new requests). */
export const MAX_FOLLOWED_TRIPS = 50;

/**
 * One websocket connection: who it is (after hello), what it follows, what it was last sent, and its
 * bounded send queue and rate limit. Sends are fire-and-forget; a full queue of kept messages closes it (4001).
 */
export class ClientSession {
  identity: ClientIdentity | null = null;
  /** Trips a rider (or planner) follows, with the last view sent: the vehicle each links to. */
  readonly trips = new Map<string, TripView | null>();
  /** Errors in a row (malformed, unknown, refused); a good message resets it. */
  consecutiveErrors = 0;
  /** Set when its queue of kept messages overflowed. */
  closedTooSlow = false;
  readonly limiter: RateLimiter;
  private readonly queue: SendQueue;
  /** JSON of the last manifest / trip sent per key: an unchanged state is not sent twice. */
  private readonly lastState = new Map<string, string>();
  private closing = false;
  private terminateTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly id: number,
    private readonly options: RealtimeOptions,
  ) {
    this.queue = new SendQueue(socket, { maxQueue: options.maxQueue, maxBufferedBytes: options.maxBufferedBytes }, (reason) => {
      this.closedTooSlow = true;
      this.close(CLOSE_CODES.tooSlow, `Too slow: ${reason}`);
    });
    this.limiter = new RateLimiter({ maxMessagesPerSecond: options.maxMessagesPerSecond, strikes: options.rateLimitStrikes, floodFactor: options.rateLimitFloodFactor });
  }

  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === this.socket.OPEN;
  }

  send(message: ServerMessage): void {
    if (this.isOpen) this.queue.push(message);
  }

  sendError(code: WsErrorCode, message: string): void {
    this.send({ v: PROTOCOL_VERSION, type: 'error', error: { code, message } });
  }

  /** A manifest, unless this client already has exactly this one. */
  sendManifest(seq: number, manifest: Manifest): void {
    if (this.changed(`manifest:${manifest.vehicleId}`, manifest)) this.send({ v: PROTOCOL_VERSION, type: 'manifest', seq, manifest });
  }

  /** A trip as shown to this client, unless it already has exactly that; remembers the whole view (its vehicle, its state). */
  sendTrip(seq: number, trip: TripView, shown: TripView | PlannerTripView): void {
    this.trips.set(trip.id, trip);
    if (this.changed(`trip:${trip.id}`, shown)) this.send({ v: PROTOCOL_VERSION, type: 'trip', seq, trip: shown });
  }

  /** Vehicles this client follows through its open trips. */
  tripVehicles(): Set<string> {
    const ids = new Set<string>();
    for (const t of this.trips.values()) if (t?.vehicleId && !FINAL_TRIP_STATES.has(t.state)) ids.add(t.vehicleId);
    return ids;
  }

  /** Everything sent so far has been written to the network. */
  get flushed(): boolean {
    return this.queue.idle;
  }

  queueStats(): ReturnType<SendQueue['stats']> {
    return this.queue.stats();
  }

  /** Sends a close frame; a client that does not answer within closeGraceMs loses its socket. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(code, fitCloseReason(reason));
    this.terminateTimer = setTimeout(() => this.socket.terminate(), this.options.closeGraceMs);
    this.terminateTimer.unref();
  }

  /** The socket is gone: stop the timers. */
  disposed(): void {
    this.closing = true;
    clearTimeout(this.terminateTimer);
  }

  private changed(key: string, state: object): boolean {
    const json = JSON.stringify(state);
    if (this.lastState.get(key) === json) return false;
    this.lastState.set(key, json);
    return true;
  }
}

/** The protocol limits a close reason to 123 bytes of UTF-8. */
export function fitCloseReason(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}
