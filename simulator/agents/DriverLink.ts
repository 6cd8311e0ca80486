import type { Manifest, ClientMessage } from '../../protocol/realtime';

export type AckResult = { ok: true } | { ok: false; code: string; message: string };

/** How a simulated driver talks to the dispatcher: the driver websocket channel, as a real tablet does. */
export interface DriverLink {
  /** The latest manifest the server sent (null before the first one). */
  readonly manifest: Manifest | null;
  /** Sends a position; resolves once the server has handled it (a ping after it came back). */
  position(location: [number, number], speedMps: number): Promise<void>;
  /**
   * Sends a stop event and waits for the server's ack. `atS`: when the driver pressed the button (the driver console
   * sends it too), so a report repeated after a lost connection keeps its time.
   */
  stopEvent(tripId: string, event: Extract<ClientMessage, { type: 'stop_event' }>['event'], atS?: number): Promise<AckResult>;
  close(): Promise<void>;
}
