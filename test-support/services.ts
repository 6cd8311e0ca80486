/** The real Redis and NATS the cluster tests talk to; scripts/test.sh starts them (127.0.0.1:6379, 127.0.0.1:4222 with JetStream). */
export const TEST_REDIS_URL = process.env.ANYSTOP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_NATS_URL = process.env.ANYSTOP_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
