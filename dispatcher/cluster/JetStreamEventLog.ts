import { type ConsumerMessages, DeliverPolicy, type JetStreamClient, type JetStreamManager } from 'nats';
import type { EventRecord } from '../persistence/records';
import type { EventLogSource } from '../realtime/EventLogFollower';
import { decodeEvent, type EventStream } from './EventStream';

/** Events of the stream kept in memory for this instance's readers (the cache sync and the websocket layer). */
export const JETSTREAM_LOG_KEEP = 10_000;

/**
 * The event log as this instance reads it in a cluster: from the JetStream event stream (an ordered consumer of every
 * zone's subject), kept in memory, with PostgreSQL's seq on each event, so a client resumes from the same seq on
 * every instance. A read the stream cannot answer (older than what is kept, or across a seq the stream has not carried:
 * a rolled-back append, the start) is answered by PostgreSQL.
 */
export class JetStreamEventLog implements EventLogSource {
  private kept: EventRecord[] = [];
  /** The stream's events begin after this seq; before it, PostgreSQL. */
  private startAfter = 0;
  private messages: ConsumerMessages | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: EventStream,
    private readonly postgres: EventLogSource,
    /** Told after each event that arrived. */
    private readonly arrived: () => void,
    /** False while NATS is away: the readers read PostgreSQL meanwhile, so this instance's own changes still reach its clients. */
    private readonly natsUp: () => boolean,
    private readonly keep = JETSTREAM_LOG_KEEP,
  ) {}

  /** Reads from the stream's end on: what came before is in PostgreSQL (and in the snapshots clients get). */
  async start(): Promise<void> {
    const last = await this.stream.last(this.jsm);
    this.startAfter = last?.eventSeq ?? (await this.postgres.latestSeq());
    const consumer = await this.js.consumers.get(this.stream.name, {
      filterSubjects: this.stream.allSubjects,
      // (nats 2.29: an ordered consumer given DeliverPolicy.All never starts consuming; a start sequence does.)
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: last ? last.streamSeq + 1 : 1,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.reading = (async () => {
      for await (const m of messages) {
        this.received(decodeEvent(m.data));
        this.arrived();
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.reading.catch(() => {});
  }

  async latestSeq(): Promise<number> {
    const streamed = Math.max(this.startAfter, this.kept[this.kept.length - 1]?.seq ?? 0);
    return this.natsUp() ? streamed : Math.max(streamed, await this.postgres.latestSeq());
  }

  async listAfter(afterSeq: number, limit = 1000): Promise<EventRecord[]> {
    if (!this.natsUp()) return this.postgres.listAfter(afterSeq, limit);
    const newest = await this.latestSeq();
    if (afterSeq >= newest) return [];
    const i = this.indexAfter(afterSeq);
    const next = this.kept[i];
    if (next !== undefined && next.seq === afterSeq + 1) return this.kept.slice(i, i + limit);
    // A seq the stream did not bring here (from before this reader started or no longer kept, or an append PostgreSQL
    // rolled back): PostgreSQL answers, up to the next event kept.
    const upTo = next?.seq ?? newest + 1;
    const older = (await this.postgres.listAfter(afterSeq, limit)).filter((e) => e.seq < upTo);
    return older.length >= limit ? older : [...older, ...this.kept.slice(i, i + limit - older.length)];
  }

  /** The index of the first kept event after `seq` (kept.length when none). */
  private indexAfter(seq: number): number {
    let [lo, hi] = [0, this.kept.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.kept[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** An event the stream delivered (in stream order); repeats and events from before the start are ignored. */
  received(e: EventRecord): void {
    const newest = this.kept[this.kept.length - 1]?.seq ?? this.startAfter;
    if (e.seq <= newest) return; // a repeat (a relay that took over), or from before this reader started
    this.kept.push(e);
    if (this.kept.length > this.keep) this.kept.splice(0, this.kept.length - this.keep);
  }
}
