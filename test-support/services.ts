import { connect } from 'nats';
import { EventStream } from '../dispatcher/cluster/EventStream';

/** The real Redis and NATS the cluster tests talk to; scripts/test.sh starts them (127.0.0.1:6379, 127.0.0.1:4222 with JetStream). */
export const TEST_REDIS_URL = process.env.ANYSTOP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_NATS_URL = process.env.ANYSTOP_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Deletes the JetStream event stream a cluster test's instances made for this database (EventStream's name). */
export async function dropEventStream(databaseName: string): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(EventStream.forDatabase(databaseName).name).catch(() => false);
  } finally {
    await nc.close();
  }
}
