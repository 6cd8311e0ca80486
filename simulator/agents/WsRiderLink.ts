import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage, WS_PATH } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';
import type { TokenSource } from '../../dispatcher/auth/TokenIssuer';

/**
 * A rider's websocket channel, as the rider page uses it: hello as the rider, following one trip, keeping the latest
 * view the server pushed. The simulator reads `trip.pickupEta` from it: the ETA exactly as the rider sees it.
 */
export class WsRiderLink {
  trip: TripView | null = null;
  private closed = false;

  private constructor(private readonly socket: WebSocket) {}

  static async connect(baseUrl: string, riderId: string, tripId: string, token: TokenSource): Promise<WsRiderLink> {
    const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + WS_PATH);
    const link = new WsRiderLink(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        token().then(
          (t) => {
            socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', role: 'rider', riderId, tripIds: [tripId], token: t }));
            resolve();
          },
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      });
      socket.once('error', reject);
    });
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as ServerMessage;
      if (msg.type === 'trip' && msg.trip.id === tripId && 'riderId' in msg.trip) link.trip = msg.trip;
    });
    socket.on('error', () => undefined);
    return link;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}
