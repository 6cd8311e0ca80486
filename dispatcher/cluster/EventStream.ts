import { type JetStreamManager, JSONCodec, nanos, RetentionPolicy, StorageType } from 'nats';
import type { EventRecord } from '../persistence/records';

/** The JetStream stream that carries the event log between instances, with its defaults. */
export const EVENT_STREAM_DEFAULTS = Object.freeze({
  /** Events older than this leave the stream (a reader that far behind reads PostgreSQL). */
  maxAgeS: 24 * 3600,
  /** A relay that took over republishes the last events it cannot be sure of: JetStream drops repeats of a seq within this. */
  duplicateWindowS: 120,
  maxMessages: 5_000_000,
});

const codec = JSONCodec<EventRecord>();

/** The NATS subject prefix of one service: instances on the same PostgreSQL database talk under `anystop.<database>`. */
export function subjectPrefix(databaseName: string): string {
  return `anystop.${databaseName.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Names of the event stream of one service (one PostgreSQL database): the stream `<prefix>_events` holds subjects
 * `<prefix>.log.<zone>`, one per zone (the zone of the vehicle, else of the trip's start), and `<prefix>.log.none` for
 * events of no zone. Each message is one event-log row, its PostgreSQL seq as the message id.
 */
export class EventStream {
  readonly name: string;
  readonly allSubjects: string;

  constructor(private readonly prefix: string) {
    this.name = `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}_events`;
    this.allSubjects = `${prefix}.log.>`;
  }

  /** The event stream of the service on this database. */
  static forDatabase(databaseName: string): EventStream {
    return new EventStream(subjectPrefix(databaseName));
  }

  subjectOf(zone: number | null): string {
    return `${this.prefix}.log.${zone ?? 'none'}`;
  }

  /** Creates the stream unless it exists (several instances may start at once: the same config is no conflict). */
  async ensure(jsm: JetStreamManager, options = EVENT_STREAM_DEFAULTS): Promise<void> {
    try {
      await jsm.streams.info(this.name);
      return;
    } catch {
      // not there yet
    }
    const config = {
      name: this.name,
      subjects: [this.allSubjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(options.maxAgeS * 1000),
      max_msgs: options.maxMessages,
      duplicate_window: nanos(options.duplicateWindowS * 1000),
    };
    try {
      await jsm.streams.add(config);
    } catch (e) {
      await jsm.streams.info(this.name).catch(() => {
        throw e;
      });
    }
  }

  /** The stream's last message: its stream sequence and the event-log seq it carries; null while the stream is empty. */
  async last(jsm: JetStreamManager): Promise<{ streamSeq: number; eventSeq: number } | null> {
    const info = await jsm.streams.info(this.name);
    if (info.state.messages === 0 || info.state.last_seq === 0) return null;
    const msg = await jsm.streams.getMessage(this.name, { seq: info.state.last_seq });
    return { streamSeq: info.state.last_seq, eventSeq: decodeEvent(msg.data).seq };
  }
}

export function encodeEvent(e: EventRecord): Uint8Array {
  return codec.encode(e);
}

export function decodeEvent(data: Uint8Array): EventRecord {
  return codec.decode(data);
}
