import type { Manifest, ClientMessage } from '../../protocol/realtime';

export type AckResult = { ok: true } | { ok: false; code: string; message: string };

/** How a simulated driver talks to the dispatcher: the driver websocket channel, as a real tablet does. */
export interface DriverLink {
  /** The latest manifest the server sent (null before the first one). */
  readonly manifest: Manifest | null;
  /** Sends a position (no reply). */
  position(location: [number, number], speedMps: number): void;
  /** Sends a stop event and waits for the server's ack. */
  stopEvent(tripId: string, event: Extract<ClientMessage, { type: 'stop_event' }>['event']): Promise<AckResult>;
  close(): Promise<void>;
}
