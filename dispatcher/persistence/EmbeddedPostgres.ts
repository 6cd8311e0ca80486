import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';

/** Where the embedded database keeps its files unless told otherwise (relative to the working directory). */
export const DEFAULT_EMBEDDED_DATA_DIR = '.data/pglite';
/** How often a slow start says it is still going. */
export const EMBEDDED_START_HEARTBEAT_MS = 5_000;
/** A start slower than this is a failure (the first start takes ~15 s; a busy machine may double it). */
export const EMBEDDED_START_TIMEOUT_MS = 180_000;
/** How long stop() waits for PGlite to flush and exit before killing it. */
export const EMBEDDED_STOP_TIMEOUT_MS = 30_000;

/**
 * Connections the socket server accepts. PGlite is one single-user backend; pglite-socket multiplexes sockets onto
 * it query by query, which is not full session isolation. The pool in front uses ONE connection, so the server sees
 * one client at a time; the second slot only absorbs a reconnect racing the close of a broken socket.
 */
const EMBEDDED_MAX_CONNECTIONS = 2;

export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  dataDir: string;
  /** Stops serving and closes PGlite (flushing its files), then its process ends. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir?: string;
  onProgress?: (message: string) => void;
}

/** The server script beside this file, from the sources or from dist/ (which holds only compiled TypeScript). */
function serverScript(): string {
  const name = 'embeddedPostgresServer.cjs';
  const candidates = [resolve(__dirname, name), resolve(__dirname, '..', '..', '..', 'dispatcher', 'persistence', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new PersistenceError(PersistenceErrorCode.DatabaseUnavailable, `Missing ${name} at ${candidates.join(' or ')}`);
  return found;
}

type ServerMessage = { type: 'ready'; host: string; port: number } | { type: 'failed'; message: string };

function unavailable(message: string, cause?: unknown): PersistenceError {
  return new PersistenceError(PersistenceErrorCode.DatabaseUnavailable, message, { cause });
}

/**
 * PGlite (PostgreSQL in WebAssembly) with PostGIS, in a data folder, served over the PostgreSQL wire protocol on
 * 127.0.0.1 at a free port by a child process, so `pg` talks to it as to a real server. The first start initialises
 * the folder and takes ~15 s; later starts a few seconds. One process per data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const onProgress = options.onProgress ?? (() => {});
  const dataDir = resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  onProgress(`starting embedded PostgreSQL (PGlite + PostGIS) in ${dataDir}… (the first start takes ~15 s)`);

  const child = fork(serverScript(), [dataDir, String(EMBEDDED_MAX_CONNECTIONS)], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });

  const heartbeat = setInterval(() => onProgress('still starting embedded PostgreSQL…'), EMBEDDED_START_HEARTBEAT_MS);
  let ready: { host: string; port: number };
  try {
    ready = await new Promise<{ host: string; port: number }>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(unavailable(`Embedded PostgreSQL did not start within ${EMBEDDED_START_TIMEOUT_MS / 1000} s`)), EMBEDDED_START_TIMEOUT_MS);
      const settle = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      const onMessage = (message: ServerMessage): void => {
        settle();
        if (message.type === 'ready') resolvePromise({ host: message.host, port: message.port });
        else reject(unavailable(`Could not start the embedded database in ${dataDir} (${message.message}): ${ADVICE}`));
      };
      const onExit = (code: number | null, signal: string | null): void => {
        settle();
        reject(unavailable(`Embedded PostgreSQL exited while starting (${signal ?? `code ${code}`}): ${stderr.trim() || ADVICE}`));
      };
      const onError = (e: Error): void => {
        settle();
        reject(unavailable(`Could not run the embedded PostgreSQL process: ${e.message}`, e));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  } finally {
    clearInterval(heartbeat);
  }
  onProgress(`embedded PostgreSQL ready on ${ready.host}:${ready.port}`);
  child.once('exit', (code, signal) => {
    if (!stopped) onProgress(`embedded PostgreSQL stopped unexpectedly (${signal ?? `code ${code}`}) ${stderr.trim()}`);
  });

  let stopped: Promise<void> | undefined;
  return {
    host: ready.host,
    port: ready.port,
    url: `postgres://postgres@${ready.host}:${ready.port}/postgres`,
    dataDir,
    stop() {
      stopped ??= stopChild(child);
      return stopped;
    },
  };
}

const ADVICE = 'another process may use the folder, or it comes from another PGlite version; stop it or move the folder away, or set DATABASE_URL';

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), EMBEDDED_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}
