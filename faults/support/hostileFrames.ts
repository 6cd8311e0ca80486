import type { HostileValues } from './hostileValues';

/** One websocket frame to send: text or binary. */
export interface Frame {
  data: string | Buffer;
  binary: boolean;
  /** A text frame whose bytes are not UTF-8 (the server must close with 1007, not choke). */
  invalidUtf8?: boolean;
}

/** What a client may send, valid, to start mutations from. */
function validMessages(h: HostileValues, tripId: string): Record<string, unknown>[] {
  return [
    { v: 1, type: 'ping' },
    { v: 1, type: 'position', location: [127.1, 37.51], headingDeg: 10, speedMps: 3 },
    { v: 1, type: 'stop_event', requestId: `r-${h.int(1000)}`, tripId, event: 'arrived_pickup' },
    { v: 1, type: 'follow_trip', tripId },
    { v: 1, type: 'shift', requestId: `s-${h.int(1000)}`, action: 'start' },
    { v: 1, type: 'hello', role: 'rider', token: 'x' },
    { v: h.pick([2, 0, '1', null, 1.5]), type: 'ping' },
    { v: 1, type: h.pick(['unknown', '', 'PING', '__proto__', 'constructor', 'hello '.repeat(3)]) },
  ];
}

/**
 * A seeded hostile frame: a mutated message, broken JSON, binary noise; with `closing`, also those the server answers
 * by closing the connection (invalid UTF-8: 1007, over the size limit: 1009), so callers send them last.
 */
export function hostileFrame(h: HostileValues, tripId: string, maxPayloadBytes: number, closing = false): Frame {
  switch (closing ? 2 + h.int(2) : h.pick([0, 1, 4, 5, 6, 7, 8, 9, 10, 11])) {
    case 0:
      return { data: Buffer.from(Array.from({ length: 1 + h.int(64) }, () => h.int(256))), binary: true };
    case 1:
      return { data: Buffer.from(JSON.stringify({ v: 1, type: 'ping' })), binary: true };
    case 2:
      return { data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), binary: false, invalidUtf8: true };
    case 3:
      return { data: JSON.stringify({ v: 1, type: 'position', pad: 'p'.repeat(maxPayloadBytes + 1 + h.int(4096)) }), binary: false };
    case 4:
      return { data: h.pick(['', ' ', 'null', '[]', '{}', '"string"', '42', 'true']), binary: false };
    default:
      return { data: h.text(h.mutate(h.pick(validMessages(h, tripId)))), binary: false };
  }
}
