import { DROPPABLE_TYPES, type ServerMessage } from '../../protocol/realtime';

/** The part of a ws WebSocket the queue uses: what is still buffered, and a send with a written callback. */
export interface QueueSocket {
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
}

export interface SendQueueLimits {
  /** Messages held back for one client before it counts as too slow. */
  maxQueue: number;
  /** Bytes ws may hold unsent (bufferedAmount) before the queue stops handing it more. */
  maxBufferedBytes: number;
}

export interface SendQueueStats {
  sent: number;
  /** Droppable messages lost: replaced by a newer one for the same vehicle, or pushed out by a kept message. */
  dropped: number;
  queued: number;
}

export type PushResult = 'sent' | 'queued' | 'replaced' | 'dropped' | 'overflow';

interface Entry {
  /** Droppable messages have a key (one per vehicle, or one for the fleet); a newer one replaces the queued one. */
  key: string | null;
  data: string;
}

/**
 * One client's outgoing messages. They go straight to the socket while ws buffers less than maxBufferedBytes;
 * beyond that they wait here. A waiting position or fleet message is replaced by a newer one of the same
 * vehicle; when the queue is full the oldest droppable one makes room; manifest and trip messages are never
 * dropped, so a full queue of them means the client is too slow and `onOverflow` is called (close it).
 */
export class SendQueue {
  private readonly entries: Entry[] = [];
  private sent = 0;
  /** Writes handed to the socket whose written callback has not run yet. */
  private inFlight = 0;
  private dropped = 0;
  private overflowed = false;

  constructor(
    private readonly socket: QueueSocket,
    private readonly limits: SendQueueLimits,
    private readonly onOverflow: (reason: string) => void,
  ) {}

  push(message: ServerMessage): PushResult {
    if (this.overflowed) return 'overflow';
    const key = droppableKey(message);
    const data = JSON.stringify(message);
    if (this.entries.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(data);
      return 'sent';
    }
    if (key !== null) {
      const older = this.entries.find((e) => e.key === key);
      if (older) {
        older.data = data;
        this.dropped++;
        return 'replaced';
      }
    }
    if (this.entries.length >= this.limits.maxQueue) {
      const oldestDroppable = this.entries.findIndex((e) => e.key !== null);
      if (oldestDroppable >= 0) {
        this.entries.splice(oldestDroppable, 1);
        this.dropped++;
      } else if (key !== null) {
        this.dropped++;
        return 'dropped';
      } else {
        this.overflowed = true;
        this.onOverflow(`${this.entries.length} messages waiting that must not be lost; reconnect with lastSeq`);
        return 'overflow';
      }
    }
    this.entries.push({ key, data });
    return 'queued';
  }

  /** Nothing waiting and every write done (handed to the kernel). */
  get idle(): boolean {
    return this.entries.length === 0 && this.inFlight === 0;
  }

  stats(): SendQueueStats {
    return { sent: this.sent, dropped: this.dropped, queued: this.entries.length };
  }

  /** Hands waiting messages to the socket while it has room (called again from each send's written callback). */
  private flush(): void {
    while (!this.overflowed && this.entries.length > 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(this.entries.shift()!.data);
    }
  }

  private write(data: string): void {
    this.sent++;
    this.inFlight++;
    // A failed write means the socket is going away; its close handler cleans up.
    this.socket.send(data, (err) => {
      this.inFlight--;
      if (!err) this.flush();
    });
  }
}

function droppableKey(message: ServerMessage): string | null {
  if (!DROPPABLE_TYPES.has(message.type)) return null;
  return message.type === 'vehicle_position' ? `${message.type}:${message.vehicleId}` : message.type;
}
