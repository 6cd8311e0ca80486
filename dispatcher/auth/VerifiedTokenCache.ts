import type { Principal } from './Principal';

/** What a verified token established: who it speaks for and its expiry (epoch seconds). */
export interface CachedToken {
  principal: Principal;
  expiresAtS: number;
}

/**
 * Tokens that verified, keyed by the whole compact JWT (header, claims and signature), so a hit is the very
 * token whose signature was checked; only its expiry needs checking again. Bounded, least recently used first
 * out: a client sends the same token on every request, so the signature check runs once per token, not per call.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, CachedToken>();

  constructor(private readonly capacity = 10_000) {}

  get(token: string): CachedToken | undefined {
    const hit = this.entries.get(token);
    if (hit) {
      this.entries.delete(token);
      this.entries.set(token, hit);
    }
    return hit;
  }

  set(token: string, entry: CachedToken): void {
    this.entries.delete(token);
    this.entries.set(token, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
