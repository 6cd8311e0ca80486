import type { Manifest } from '../../protocol/realtime';
import type { AckResult, DriverLink } from './DriverLink';

/** A driver link that knows whether it is signed in right now (WsDriverLink). */
export interface ReconnectingLink extends DriverLink {
  readonly connected: boolean;
}

/**
 * Answers that say "the dispatcher could not take it now", not "no". In a cluster, a zone whose owner just died is
 * ZoneUnavailable (and NatsUnavailable while the messaging is away) until another instance takes it, within seconds.
 */
const TRANSIENT = new Set(['Disconnected', 'Timeout', 'DatabaseUnavailable', 'ShuttingDown', 'RequestFailed', 'ZoneUnavailable', 'NatsUnavailable']);
/** What a repeated stop event hears when its first try had been applied before the connection dropped. */
const ALREADY_APPLIED = new Set(['StopEventOutOfOrder', 'StopNotOnVehicle']);

export interface DriverRetry {
  /** Gives up (and reports the last failure) after this long. */
  maxWaitMs: number;
  pollMs: number;
}

/**
 * A driver tablet that does not lose a stop event to a dispatcher restart: it waits until the link is signed in again
 * and repeats the event until the dispatcher answers it. When a repeat is refused as out of order or no longer on the
 * vehicle, the first try had been applied before the connection dropped (its ack was lost), so it counts as done.
 */
export class RetryingDriverLink implements DriverLink {
  /** Stop events that needed more than one try, and repeats that found the first try applied. */
  readonly stats = { repeated: 0, foundApplied: 0 };

  constructor(
    private readonly inner: ReconnectingLink,
    private readonly retry: DriverRetry = { maxWaitMs: 60_000, pollMs: 50 },
  ) {}

  get manifest(): Manifest | null {
    return this.inner.manifest;
  }

  position(location: [number, number], speedMps: number): Promise<void> {
    return this.inner.position(location, speedMps);
  }

  async stopEvent(tripId: string, event: Parameters<DriverLink['stopEvent']>[1], atS?: number): Promise<AckResult> {
    const deadline = performance.now() + this.retry.maxWaitMs;
    for (let attempt = 1; ; attempt++) {
      while (!this.inner.connected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, this.retry.pollMs));
      const answer = await this.inner.stopEvent(tripId, event, atS);
      if (answer.ok) return answer;
      if (attempt > 1 && ALREADY_APPLIED.has(answer.code)) {
        this.stats.foundApplied++;
        return { ok: true };
      }
      if (!TRANSIENT.has(answer.code) || performance.now() >= deadline) return answer;
      if (attempt === 1) this.stats.repeated++;
      await new Promise((resolve) => setTimeout(resolve, this.retry.pollMs));
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
