import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { CLOSE_CODES, WS_PATH } from '../../protocol/realtime';
import { originAllowed } from '../api/corsPolicy';
import type { Clock } from '../clock/Clock';
import { identityKey } from './Authorizer';
import { ClientSession } from './ClientSession';
import { handleClientMessage, type MessageContext } from './handleClientMessage';
import { parseClientMessage } from './parseClientMessage';
import { RateLimiter } from './RateLimiter';
import { type RealtimeDeps, RealtimeHub } from './RealtimeHub';
import { type RealtimeOptions, realtimeOptions } from './RealtimeOptions';

/** Longest settled() waits for clients' sockets to take what was pushed. */
export const SETTLE_LIMIT_MS = 1000;

export interface RealtimeStats {
  clients: number;
  /** Droppable messages (positions, fleet) lost to slow clients, replaced by newer ones. */
  droppedMessages: number;
  /** Clients closed because their queue of kept messages overflowed (4001). */
  closedTooSlow: number;
}

export interface RealtimeServer {
  readonly options: RealtimeOptions;
  stats(): RealtimeStats;
  /** The last event-log seq pushed to this instance's clients (event-log lag = the log's newest seq minus this). */
  followedSeq(): number;
  /** Reads the event log now (another instance said it committed). */
  nudge(): void;
  /**
   * Resolves once what was committed before the call has been pushed and written to the sockets (a client that
   * does not read is waited for at most SETTLE_LIMIT_MS). Simulations step on it.
   */
  settled(): Promise<void>;
  /** Shutdown begins: new upgrades get 503 from now on, open connections carry on until close(). */
  refuseNew(): void;
  /** Closes every client with 1001 (going away) and stops reading the event log; later upgrades get 503. */
  close(): Promise<void>;
}

/**
 * The websocket endpoint (WS_PATH) on the dispatcher's HTTP server: hello, then per role the driver's manifest,
 * the rider's trips and the planner's fleet, with a bounded queue and a rate limit per client. Call it once the
 * server listens; close it before closing the server (upgraded sockets keep an HTTP server open).
 */
export async function attachRealtime(server: Server, deps: RealtimeDeps, overrides: Partial<RealtimeOptions> = {}): Promise<RealtimeServer> {
  const options = realtimeOptions({ nowMs: fasterOfWallAndDispatchClock(deps.clock), ...overrides });
  const hub = new RealtimeHub(deps, options);
  await hub.start();
  const ctx: MessageContext = { deps, hub, options };
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false, clientTracking: false });
  const sessions = new Set<ClientSession>();
  const closedSockets = new WeakMap<WebSocket, Promise<void>>();
  let nextId = 1;
  let closing = false;
  let dropped = 0;
  let closedTooSlow = 0;
  /** Per identity (one rider, vehicle or planner), across its connections: open connections and a shared message rate. */
  const identities = new Map<string, { connections: number; limiter: RateLimiter }>();
  const longestTimerMs = 2 ** 31 - 1;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== WS_PATH) {
      // Another handler may own that path; with none, say so instead of leaving the socket hanging.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not Found');
      return;
    }
    if (closing) return refuse(socket, 503, 'Service Unavailable');
    // A browser page from another site (tokens are not cookies, but the same rule as the HTTP API holds).
    if (!originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws));
  };

  function connect(ws: WebSocket): void {
    const session = new ClientSession(ws, nextId++, options);
    sessions.add(session);
    closedSockets.set(ws, new Promise((resolve) => ws.once('close', () => resolve())));
    let ready: Promise<void> = Promise.resolve();
    let helloSeen = false;
    let shared: { connections: number; limiter: RateLimiter } | undefined;
    let expiryTimer: NodeJS.Timeout | undefined;
    const helloTimer = setTimeout(() => session.close(CLOSE_CODES.helloRequired, `No hello within ${options.helloTimeoutMs} ms`), options.helloTimeoutMs);
    helloTimer.unref();

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!session.isOpen) return; // closing: what is still in flight is not acted on
      const now = options.nowMs();
      const rate = session.limiter.take(now);
      const identityRate = shared?.limiter.take(now) ?? 'ok';
      if (rate === 'abusive' || identityRate === 'abusive') return session.close(CLOSE_CODES.rateLimited, 'Too many messages per second');
      if (rate !== 'ok' || identityRate !== 'ok') {
        const first = rate !== 'ok' ? rate.first : identityRate !== 'ok' && identityRate.first;
        const limit = rate !== 'ok' ? `${options.maxMessagesPerSecond} messages per second` : `${options.maxMessagesPerSecondPerIdentity} messages per second for one sign-in`;
        if (first) session.sendError('RateLimited', `At most ${limit}; messages over that are dropped`);
        return;
      }
      const parsed = parseClientMessage(data, isBinary);
      if (!parsed.ok) {
        session.sendError(parsed.error.code, parsed.error.message);
        if (++session.consecutiveErrors >= options.maxConsecutiveErrors) session.close(CLOSE_CODES.protocolError, 'Too many bad messages in a row');
        return;
      }
      session.consecutiveErrors = 0;
      const message = parsed.message;
      if (!helloSeen) {
        if (message.type !== 'hello') return session.close(CLOSE_CODES.helloRequired, 'Send hello first');
        helloSeen = true;
        ready = (async () => {
          const verdict = await options.authorizer.identify(message);
          if (!session.isOpen) return;
          if (!verdict.ok) return session.close(verdict.code === 'forbidden' ? CLOSE_CODES.forbidden : CLOSE_CODES.helloRequired, verdict.message);
          clearTimeout(helloTimer);
          const key = identityKey(verdict.identity);
          shared = identities.get(key) ?? { connections: 0, limiter: new RateLimiter({ maxMessagesPerSecond: options.maxMessagesPerSecondPerIdentity, strikes: options.rateLimitStrikes, floodFactor: options.rateLimitFloodFactor }) };
          identities.set(key, shared);
          session.identity = verdict.identity;
          if (++shared.connections > options.maxConnectionsPerIdentity) {
            return session.close(CLOSE_CODES.rateLimited, `At most ${options.maxConnectionsPerIdentity} connections for one sign-in; close another first`);
          }
          expiryTimer = setTimeout(() => session.close(CLOSE_CODES.tokenExpired, 'The token expired; reconnect with a new one'), Math.min(verdict.validForMs, longestTimerMs));
          expiryTimer.unref();
          await hub.join(session, message, verdict.identity);
        })().catch((e: unknown) => {
          options.log('a client could not be set up', e);
          session.close(CLOSE_CODES.internalError, 'The server could not set up this connection; reconnect later');
        });
        return;
      }
      // After the welcome and snapshot, so replies never overtake them; nothing is acted on before the hello is accepted.
      ready = ready
        .then(() => (session.identity && session.isOpen ? handleClientMessage(session, message, ctx) : undefined))
        .catch((e: unknown) => options.log(`handling a ${message.type} message failed`, e));
    });
    // ws reports protocol violations (an oversized frame: 1009) here and closes the socket itself.
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clearTimeout(expiryTimer);
      if (shared && session.identity && --shared.connections <= 0) identities.delete(identityKey(session.identity));
      session.disposed();
      const stats = session.queueStats();
      dropped += stats.dropped;
      if (session.closedTooSlow) closedTooSlow++;
      hub.leave(session);
      sessions.delete(session);
    });
  }

  server.on('upgrade', onUpgrade);
  let closed: Promise<void> | undefined;
  return {
    options,
    stats: () => ({
      clients: sessions.size,
      droppedMessages: dropped + [...sessions].reduce((n, s) => n + s.queueStats().dropped, 0),
      closedTooSlow: closedTooSlow + [...sessions].filter((s) => s.closedTooSlow).length,
    }),
    followedSeq: () => hub.follower.seq,
    nudge: () => hub.follower.nudge(),
    async settled() {
      await hub.settled();
      const deadline = options.nowMs() + SETTLE_LIMIT_MS;
      while ([...sessions].some((s) => s.isOpen && !s.flushed) && options.nowMs() < deadline) await new Promise((r) => setImmediate(r));
    },
    refuseNew() {
      closing = true;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        await hub.stop();
        const open = [...sessions].map((s) => {
          s.close(CLOSE_CODES.goingAway, 'The dispatcher is shutting down; reconnect shortly');
          return closedSockets.get(s.socket);
        });
        await Promise.all(open);
        wss.close();
      })();
      return closed;
    },
  };
}

/**
 * Rate limits count seconds on whichever runs faster: the wall clock, or the dispatch clock (a simulation on an
 * accelerated or stepped clock is limited per simulated second; a frozen test clock still lets seconds pass).
 */
function fasterOfWallAndDispatchClock(clock: Clock): () => number {
  const wallStart = performance.now();
  const clockStart = clock.nowS();
  return () => Math.max(performance.now() - wallStart, (clock.nowS() - clockStart) * 1000);
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
