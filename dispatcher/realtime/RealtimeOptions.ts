import { WS_LIMITS } from '../../protocol/realtime';
import { type Authorizer, closedAuthorizer } from './Authorizer';

/** The realtime layer's limits and timings, each with a named default. */
export interface RealtimeOptions {
  /** Largest frame a client may send; ws closes a bigger one with 1009. */
  maxPayloadBytes: number;
  /** Messages waiting for one client before it is closed as too slow (4001). */
  maxQueue: number;
  /** Bytes ws may hold unsent for one client (bufferedAmount) before messages wait in its queue. */
  maxBufferedBytes: number;
  maxMessagesPerSecond: number;
  /** All connections of one identity together (several tabs, or a client opening many sockets to get around the limit). */
  maxMessagesPerSecondPerIdentity: number;
  /** Connections one identity may hold open; one more is closed with 4004. */
  maxConnectionsPerIdentity: number;
  /** Seconds in a row over the rate before the client is closed (4004). */
  rateLimitStrikes: number;
  /** This many times the rate within one second closes at once (4004). */
  rateLimitFloodFactor: number;
  /** Malformed, unknown or refused messages in a row before the client is closed (1002). */
  maxConsecutiveErrors: number;
  helloTimeoutMs: number;
  /**
   * How often the event log is read without a signal (changes written by other dispatcher instances); also how often
   * a pass compares every vehicle's mark with the cache (RealtimeHub.applyPage).
   */
  pollIntervalMs: number;
  /**
   * Least time between two passes over the event log when signals come in bursts. Each pass reads the log once and
   * looks at the vehicles it names (every vehicle once per poll interval): at 25 ms a saturated server makes about one
   * pass per three commits instead of one per commit (issue 9 §3), for at most 25 ms more before a change reaches the
   * pages.
   */
  minPassGapMs: number;
  /** Planners get at most one fleet message per this many milliseconds. */
  fleetIntervalMs: number;
  /**
   * Planners get every vehicle's fixes one by one only while at most this many vehicles are on shift; a bigger
   * fleet (thousands of fixes a second) reaches them through the fleet message alone, which carries every
   * vehicle's newest fix once per fleetIntervalMs.
   */
  plannerPositionsMaxFleet: number;
  /** How often the plan is checked for "the bus is 2 minutes away" between passes over the log (rider notifications). */
  notifyTickMs: number;
  /** After a close frame, how long a client has to answer before its socket is destroyed. */
  closeGraceMs: number;
  /** A rider sees their vehicle from this many seconds before the planned pickup. */
  positionLeadS: number;
  /** Shift length when a driver starts a shift without endsAt. */
  defaultShiftS: number;
  /** Other origins whose pages may open the websocket (as ANYSTOP_CORS_ORIGINS); default none: the dispatcher's own pages. */
  allowedOrigins: readonly string[];
  /** Token checks and what each identity may see; the default refuses every hello (startServer gives the token one). */
  authorizer: Authorizer;
  /**
   * Milliseconds for rate limits. attachRealtime counts on the faster of the wall clock and the dispatch clock, so
   * a simulation on an accelerated or stepped clock is limited per simulated second; here, the process's time.
   */
  nowMs: () => number;
  /** Where failures the client cannot act on are reported. */
  log: (message: string, error?: unknown) => void;
}

export const DEFAULT_POSITION_LEAD_S = 20 * 60;

export function realtimeOptions(overrides: Partial<RealtimeOptions> = {}): RealtimeOptions {
  return {
    maxPayloadBytes: WS_LIMITS.maxPayloadBytes,
    maxQueue: WS_LIMITS.maxQueue,
    maxBufferedBytes: 256 * 1024,
    maxMessagesPerSecond: WS_LIMITS.maxMessagesPerSecond,
    maxMessagesPerSecondPerIdentity: WS_LIMITS.maxMessagesPerSecondPerIdentity,
    maxConnectionsPerIdentity: WS_LIMITS.maxConnectionsPerIdentity,
    rateLimitStrikes: 3,
    rateLimitFloodFactor: 5,
    maxConsecutiveErrors: 10,
    helloTimeoutMs: WS_LIMITS.helloTimeoutMs,
    pollIntervalMs: 1000,
    minPassGapMs: 25,
    fleetIntervalMs: 1000,
    plannerPositionsMaxFleet: 500,
    notifyTickMs: 5000,
    closeGraceMs: 2000,
    positionLeadS: DEFAULT_POSITION_LEAD_S,
    defaultShiftS: 8 * 3600,
    allowedOrigins: [],
    authorizer: overrides.authorizer ?? closedAuthorizer(),
    nowMs: () => performance.now(),
    log: (message, error) => console.error(`[realtime] ${message}`, error ?? ''),
    ...overrides,
  };
}
