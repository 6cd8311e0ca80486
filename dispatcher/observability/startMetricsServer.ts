import { createServer, type Server } from 'node:http';
import type { DispatcherMetrics } from './DispatcherMetrics';

/** The path Prometheus scrapes on the metrics port. */
export const METRICS_PATH = '/metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A plain HTTP listener of its own (`anystop serve --metrics-port`) answering GET /metrics in Prometheus text
 * format; kept off the API port so a firewall can keep it inside. Anything else is a coded 404.
 */
export async function startMetricsServer(metrics: DispatcherMetrics, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: `Metrics are at GET ${METRICS_PATH}` } }));
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (e: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'Internal', message: `Metrics could not be collected: ${e instanceof Error ? e.message : String(e)}` } })),
    );
  });
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${bound}${METRICS_PATH}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
