import type { Command } from 'commander';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { loadPrepared } from '../routing/builtin/storage';
import { createOsrmServer, DEFAULT_MAX_TABLE_SIZE } from '../routing/server/createOsrmServer';
import { StageProgress } from './progressBar';
import { parsePort } from './options';

export function registerRoutingCommands(program: Command): void {
  const routing = program.command('routing').description('prepare and serve the built-in router');

  routing
    .command('prepare <file>')
    .description('read an .osm.pbf extract, build the contraction hierarchy and store it in --out')
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'print a summary as one JSON line')
    .action(async (file: string, opts: { out: string; json?: boolean }) => {
      const progress = new StageProgress();
      const started = process.hrtime.bigint();
      const prepared = await prepareRouter(file, { outDir: opts.out, onProgress: (p) => progress.update(p.stage, p.done, p.total) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const summary = {
        source: file,
        out: opts.out,
        nodes: prepared.network.nodeCount,
        chains: prepared.network.chainCount,
        shortcuts: prepared.ch.edgeChild1.filter((c) => c >= 0).length,
        seconds: Math.round(seconds * 1000) / 1000,
      };
      progress.done(`Prepared ${file} → ${opts.out} in ${summary.seconds} s (${summary.nodes} intersections, ${summary.chains} road pieces)`);
      if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    });

  routing
    .command('serve <dir>')
    .description('serve a prepared folder over the OSRM v5 HTTP API (/route, /table, /nearest)')
    .option('--port <port>', 'TCP port', '5000')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--max-table-size <n>', 'most coordinates in one table request', String(DEFAULT_MAX_TABLE_SIZE))
    .action(async (dir: string, opts: { port: string; host: string; maxTableSize: string }) => {
      const router = new BuiltinRouter(loadPrepared(dir));
      // the table's search thread up before the first request (else the first big table starts it and runs alone)
      await router.startTableThreads();
      const server = createOsrmServer(router, { maxTableSize: parsePort(opts.maxTableSize, '--max-table-size', 1) });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(parsePort(opts.port, '--port', 0), opts.host, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      process.stderr.write(`OSRM-compatible router on http://${opts.host}:${port} (try /route/v1/driving/lon,lat;lon,lat)\n`);
      const stop = () => server.close(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
