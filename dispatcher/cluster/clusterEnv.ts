/** The environment variables that make several instances one service. */
export const CLUSTER_ENV = Object.freeze({
  /** NATS server(s), e.g. nats://127.0.0.1:4222; absent: one instance, exactly as without a cluster. */
  natsUrl: 'ANYSTOP_NATS_URL',
  /** Redis for rate-limit counters shared by the instances; optional. */
  redisUrl: 'ANYSTOP_REDIS_URL',
  /** This instance's name; default host name and pid. */
  instanceId: 'ANYSTOP_INSTANCE_ID',
});
