import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Request latency buckets (seconds): from a cached read to a decision waiting on a slow router. */
export const LATENCY_BUCKETS_S = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/** What the gauges read when Prometheus scrapes (the realtime layer, the event log, the zones). */
export interface MetricSources {
  websocket?: () => { clients: number; droppedMessages: number; closedTooSlow: number };
  /** Events in the log not yet pushed to this instance's clients, and the age in seconds of the oldest of them. */
  eventLogLag?: () => Promise<{ events: number; ageS: number }>;
  /** Every zone this instance knows of, with whether it owns it now. */
  zones?: () => readonly { zone: string; owned: boolean }[];
  reoptimizerRounds?: () => number;
}

/**
 * The dispatcher's Prometheus metrics (prom-client), in a registry of its own (several servers in one test process
 * do not collide), every series labelled with the instance id. Served in text format by `anystop serve --metrics-port`.
 */
export class DispatcherMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly decisions: Counter<'outcome' | 'reason'>;
  readonly decisionDuration: Histogram<'outcome'>;
  readonly reoptimizerRuns: Counter<'result'>;
  readonly reoptimizerGain: Counter;
  readonly forwarded: Counter<'outcome'>;
  readonly zoneTakeovers: Counter<'zone'>;
  private sources: MetricSources = {};

  constructor(instanceId: string, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ instance_id: instanceId });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'anystop_' });
    this.httpDuration = new Histogram({
      name: 'anystop_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [...LATENCY_BUCKETS_S],
      registers,
    });
    this.decisions = new Counter({ name: 'anystop_decisions_total', help: 'Trip requests decided by this instance, by outcome (offered, accepted, rejected, error) and reason', labelNames: ['outcome', 'reason'], registers });
    this.decisionDuration = new Histogram({ name: 'anystop_decision_duration_seconds', help: 'Time to decide (and commit) one trip request', labelNames: ['outcome'], buckets: [...LATENCY_BUCKETS_S], registers });
    this.reoptimizerRuns = new Counter({ name: 'anystop_reoptimizer_runs_total', help: 'Re-optimizer rounds, by result (improved, unchanged, discarded, skipped)', labelNames: ['result'], registers });
    this.reoptimizerGain = new Counter({ name: 'anystop_reoptimizer_gain_total', help: 'Sum of plan cost saved by re-optimizer rounds (cost units of the policy: seconds)', registers });
    this.forwarded = new Counter({ name: 'anystop_cluster_forwarded_total', help: 'Decisions forwarded to the zone owner over NATS, by outcome', labelNames: ['outcome'], registers });
    this.zoneTakeovers = new Counter({ name: 'anystop_zone_takeovers_total', help: 'Zones this instance took ownership of (at start or from a dead owner)', labelNames: ['zone'], registers });
    const sources = () => this.sources;
    new Gauge({
      name: 'anystop_websocket_connections',
      help: 'Open websocket connections on this instance',
      registers,
      collect() {
        this.set(sources().websocket?.().clients ?? 0);
      },
    });
    new Gauge({
      name: 'anystop_websocket_dropped_messages',
      help: 'Droppable websocket messages (positions, fleet) replaced by newer ones for slow clients, since start',
      registers,
      collect() {
        this.set(sources().websocket?.().droppedMessages ?? 0);
      },
    });
    new Gauge({
      name: 'anystop_websocket_closed_too_slow',
      help: 'Websocket clients closed because their queue overflowed (4001), since start',
      registers,
      collect() {
        this.set(sources().websocket?.().closedTooSlow ?? 0);
      },
    });
    new Gauge({
      name: 'anystop_event_log_lag_events',
      help: 'Events in the PostgreSQL log not yet pushed to this instance\'s websocket clients',
      registers,
      async collect() {
        const lag = await sources().eventLogLag?.();
        this.set(lag?.events ?? 0);
      },
    });
    new Gauge({
      name: 'anystop_event_log_lag_seconds',
      help: 'Age of the oldest event not yet pushed to this instance\'s websocket clients (0 when caught up)',
      registers,
      async collect() {
        const lag = await sources().eventLogLag?.();
        this.set(lag?.ageS ?? 0);
      },
    });
    new Gauge({
      name: 'anystop_zone_owned',
      help: '1 for each zone this instance owns now, 0 for a zone another instance owns',
      labelNames: ['zone'],
      registers,
      collect() {
        this.reset();
        for (const z of sources().zones?.() ?? []) this.set({ zone: z.zone }, z.owned ? 1 : 0);
      },
    });
  }

  /** Where the gauges read from; called once the parts they read exist. */
  observe(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Times every HTTP request into the latency histogram, labelled by the route pattern (not the raw path: bounded labels). */
  requestTimer(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const route = req.route as { path?: unknown } | undefined;
        const pattern = typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
        end({ method: req.method, route: pattern, status: String(res.statusCode) });
      });
      next();
    };
  }
}
