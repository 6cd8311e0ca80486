import type { JetStreamClient } from 'nats';
import type { EventRecord } from '../persistence/records';
import { EventLogFollower, type EventLogSource } from '../realtime/EventLogFollower';
import { encodeEvent, type EventStream } from './EventStream';

/** How often the relay looks at the event log when no instance said it committed. */
export const RELAY_POLL_MS = 500;

/**
 * Copies the PostgreSQL event log into the JetStream event stream, in seq order (seq order is commit order:
 * appendEvents), each event on its zone's subject with its seq as the message id. One instance relays at a time (it
 * holds the relay lock, ZoneOwnership); one that takes over starts after the last event the stream holds, and
 * JetStream drops what the dead relay had already published (same message id within the duplicate window).
 */
export class EventRelay {
  private follower: EventLogFollower | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly stream: EventStream,
    private readonly log: EventLogSource,
    /** The zone an event belongs to (its vehicle's, else its trip's start), or null. */
    private readonly zoneOf: (e: EventRecord) => Promise<number | null>,
    private readonly onError: (error: unknown, inARow: number) => void,
  ) {}

  /** Starts after `afterSeq` (the stream's last event, or the log's end when the stream is empty). */
  async start(afterSeq: number): Promise<void> {
    this.follower = new EventLogFollower(this.log, (page) => this.publish(page), { pollIntervalMs: RELAY_POLL_MS, minPassGapMs: 2, pageSize: 500, onError: this.onError });
    await this.follower.start(afterSeq);
    this.follower.nudge();
  }

  /** An instance committed: relay what it appended now. */
  nudge(): void {
    this.follower?.nudge();
  }

  /** The last seq relayed. */
  get seq(): number {
    return this.follower?.seq ?? 0;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  private async publish(page: EventRecord[]): Promise<void> {
    // One at a time, each acknowledged: the stream keeps seq order, and a failure is retried from the first unsent.
    for (const e of page) await this.js.publish(this.stream.subjectOf(await this.zoneOf(e)), encodeEvent(e), { msgID: String(e.seq) });
  }
}
