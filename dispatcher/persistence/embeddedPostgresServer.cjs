'use strict';
/**
 * PGlite (PostgreSQL in WebAssembly) with PostGIS in a data folder, served on 127.0.0.1 over the PostgreSQL wire
 * protocol by pglite-socket. EmbeddedPostgres.ts forks this file: PGlite runs every query synchronously on its
 * thread and holds ~1 GB of WebAssembly memory, which must not stall the dispatcher's event loop; and its core is
 * ES-module code (import(), import.meta) that jest's module sandbox cannot load. Plain JS so Node runs it as is.
 *
 * argv: <dataDir> <maxConnections>
 * IPC to the parent: { type: 'ready', host, port } once serving, or { type: 'failed', message } before exiting 1.
 * IPC from the parent: { type: 'stop' }: stop serving, close PGlite (flushing its files), exit 0. So does a parent
 * that disconnects (exits or crashes).
 */
const { PGlite } = require('@electric-sql/pglite');
const { postgis } = require('@electric-sql/pglite-postgis');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

const [dataDir, maxConnectionsText] = process.argv.slice(2);
let db = null;
let server = null;
let stopping = null;

function send(message) {
  if (process.connected) process.send(message);
}

function stop() {
  stopping ??= (async () => {
    try {
      if (server) await server.stop();
      if (db) await db.close();
      process.exit(0);
    } catch (e) {
      process.stderr.write(`embedded PostgreSQL did not close cleanly: ${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    }
  })();
  return stopping;
}

process.on('message', (message) => {
  if (message && message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

(async () => {
  try {
    db = await PGlite.create(dataDir, { extensions: { postgis } });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: Number(maxConnectionsText) || 1 });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    send({ type: 'ready', host, port: Number(port) });
  } catch (e) {
    send({ type: 'failed', message: e && e.message ? e.message : String(e) });
    process.exitCode = 1;
    if (db) await db.close().catch(() => {});
    process.disconnect?.();
  }
})();
