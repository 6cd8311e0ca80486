import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage, WS_PATH } from '../../protocol/realtime';
import type { TokenIssuer } from '../../dispatcher/auth/TokenIssuer';
import { Random } from '../../dispatcher/optimizer/Random';
import type { LatencyRecorder } from './LatencyRecorder';

/** Seoul Songpa's drivable core (the demo city). */
export const BBOX = [127.085, 37.508, 127.128, 37.535] as const;

/** Where vehicles, origins and destinations are drawn: Songpa's core unless the run serves another city (`useArea`). */
let area: readonly [number, number, number, number] = BBOX;

/** Draws every later point inside `bbox` (west, south, east, north): the road network the server was started on. */
export function useArea(bbox: readonly [number, number, number, number]): void {
  area = bbox;
}

export function randomPoint(rng: Random): [number, number] {
  return [Math.round((area[0] + rng.next() * (area[2] - area[0])) * 1e6) / 1e6, Math.round((area[1] + rng.next() * (area[3] - area[1])) * 1e6) / 1e6];
}

/** The load's people sign their own tokens with the dispatcher's secret (ANYSTOP_JWT_SECRET), as the simulator does. */
const OPERATOR = { role: 'operator', subject: 'load-test' } as const;

/** An origin and a destination at least 300 m apart (a trip to the same spot is rightly refused with 422). */
function distinctPoints(rng: Random): [[number, number], [number, number]] {
  for (;;) {
    const a = randomPoint(rng);
    const b = randomPoint(rng);
    if (Math.hypot((a[0] - b[0]) * 88_000, (a[1] - b[1]) * 111_000) >= 300) return [a, b];
  }
}

async function http(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/**
 * Puts `count` vehicles (sim-0 …) on shift, 20 requests at a time. A depot drawn too far from every road is rightly
 * refused (422): that vehicle draws again, from its own seeded sequence, so the fleet is the same on every run.
 */
export async function setupFleet(base: string, tokens: TokenIssuer, count: number, rng: Random, nowS: number): Promise<Array<[number, number]>> {
  const positions = Array.from({ length: count }, () => randomPoint(rng));
  const operator = await tokens.token(OPERATOR);
  for (let k = 0; k < count; k += 20) {
    await Promise.all(
      positions.slice(k, k + 20).map(async (_, i) => {
        const id = `sim-${k + i}`;
        const redraw = new Random(1_000_003 + k + i);
        let a = await http(base, operator, 'PUT', `/vehicles/${id}`, { seats: 8, depot: positions[k + i] });
        for (let attempt = 0; a.status === 422 && attempt < 10; attempt++) {
          positions[k + i] = randomPoint(redraw);
          a = await http(base, operator, 'PUT', `/vehicles/${id}`, { seats: 8, depot: positions[k + i] });
        }
        if (a.status !== 200) throw new Error(`could not create ${id}: ${JSON.stringify(a.json)}`);
        const b = await http(base, operator, 'POST', `/vehicles/${id}/shift/start`, { endsAt: Math.round(nowS + 6 * 3600), position: positions[k + i] });
        if (b.status !== 200) throw new Error(`could not put ${id} on shift: ${JSON.stringify(b.json)}`);
      }),
    );
  }
  return positions;
}

/** Riders posting trip requests at `rate` per second for `durationS`, each timed end to end. */
/** Counts a trip answer as accepted or rejected (with its reason); accepted ids go to `accepted`. */
function recordTripAnswer(json: unknown, rec: LatencyRecorder, accepted: string[]): void {
  const trip = json as { id: string; state?: string; rejectReason?: string };
  if (trip.state === 'accepted') {
    accepted.push(trip.id);
    rec.outcome('accepted');
  } else rec.outcome(trip.state === 'rejected' ? `rejected ${trip.rejectReason ?? ''}`.trim() : String(trip.state));
}

/**
 * Saturation: `concurrency` riders each send their next trip request as soon as the last one was answered, for
 * `durationS`. The decided requests per second (accepted or rejected, each committed) is the throughput of one
 * dispatcher process.
 */
export async function saturationScenario(base: string, tokens: TokenIssuer, concurrency: number, durationS: number, rng: Random, rec: LatencyRecorder): Promise<void> {
  const end = performance.now() + durationS * 1000;
  let k = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const riderId = `sat-${k++}`;
      const [origin, destination] = distinctPoints(rng);
      const token = await tokens.token({ role: 'rider', subject: riderId });
      const t = performance.now();
      try {
        const res = await http(base, token, 'POST', '/trips', { riderId, origin, destination, passengers: 1, autoAccept: true });
        rec.add(performance.now() - t);
        if (res.status >= 400) rec.error(`HTTP ${res.status} ${(res.json as { error?: { code?: string } })?.error?.code ?? ''}`);
        else recordTripAnswer(res.json, rec, []);
      } catch (e) {
        rec.error(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

export async function ridersScenario(base: string, tokens: TokenIssuer, rate: number, durationS: number, rng: Random, rec: LatencyRecorder, accepted: string[]): Promise<void> {
  const total = Math.round(rate * durationS);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const riderId = `load-${k}`;
    const [origin, destination] = distinctPoints(rng);
    const body = { riderId, origin, destination, passengers: 1, autoAccept: true };
    inFlight.push(
      (async () => {
        const token = await tokens.token({ role: 'rider', subject: riderId }); // each rider its own token, signed before the clock starts
        const t = performance.now();
        try {
          const res = await http(base, token, 'POST', '/trips', body);
          rec.add(performance.now() - t);
          if (res.status >= 400) rec.error(`HTTP ${res.status} ${(res.json as { error?: { code?: string } })?.error?.code ?? ''}`);
          else recordTripAnswer(res.json, rec, accepted);
        } catch (e) {
          rec.error(e instanceof Error ? e.message : String(e));
        }
      })(),
    );
  }
  await Promise.all(inFlight);
}

/** Positions a simulated vehicle remembers sending (30 s at 1 Hz): a rider's copy later than that is not timed. */
export const SENT_KEPT = 30;

export interface DriverFleet {
  sockets: WebSocket[];
  /**
   * When the vehicle sent this position (its key: "lon,lat"), among its last SENT_KEPT; undefined past them. The
   * fan-out is timed for a position delivered late too (after the vehicle's next fix), up to SENT_KEPT fixes late.
   */
  sentAt(vehicleId: string, key: string): number | undefined;
  stop(): Promise<void>;
}

/**
 * Drivers holding websockets and sending a position every `everyMs` (1 Hz by default), moving a little each time.
 * With several `bases` (instances of a cluster), driver k connects to `bases[k % n]`: its vehicle's zone may be
 * another instance's, which the cluster forwards to.
 */
export async function driversScenario(bases: readonly string[], tokens: TokenIssuer, positions: Array<[number, number]>, rng: Random, errors: LatencyRecorder, everyMs = 1000): Promise<DriverFleet> {
  const urls = bases.map((b) => b.replace(/^http/, 'ws') + WS_PATH);
  const sent = new Map<string, { key: string; at: number }[]>();
  const remember = (id: string, key: string, at: number) => {
    let ring = sent.get(id);
    if (!ring) sent.set(id, (ring = []));
    if (ring.length === SENT_KEPT) ring.shift();
    ring.push({ key, at });
  };
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let k = 0; k < positions.length; k += 100) {
    await Promise.all(
      positions.slice(k, k + 100).map(
        (p, i) =>
          new Promise<void>((resolve) => {
            const id = `sim-${k + i}`;
            const ws = new WebSocket(urls[(k + i) % urls.length]);
            sockets.push(ws);
            const pos: [number, number] = [p[0], p[1]];
            const token = tokens.token({ role: 'driver', subject: `driver-${id}`, vehicleId: id });
            ws.on('open', async () => {
              ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', role: 'driver', vehicleId: id, token: await token }));
              // Spread the pings over the second so the server sees a steady stream.
              const offset = rng.next() * everyMs;
              timers.push(
                setTimeout(() => {
                  timers.push(
                    setInterval(() => {
                      pos[0] = Math.round((pos[0] + (rng.next() - 0.5) * 0.0002) * 1e6) / 1e6;
                      pos[1] = Math.round((pos[1] + (rng.next() - 0.5) * 0.0002) * 1e6) / 1e6;
                      remember(id, `${pos[0]},${pos[1]}`, performance.now());
                      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'position', location: pos, speedMps: 8 }));
                    }, everyMs),
                  );
                }, offset),
              );
              resolve();
            });
            ws.on('message', (raw) => {
              const msg = JSON.parse(String(raw)) as ServerMessage;
              if (msg.type === 'error') errors.error(`driver ${msg.error.code}`);
            });
            ws.on('close', (code) => {
              if (code !== 1000 && code !== 1001 && code !== 1005) errors.error(`driver socket closed ${code}`);
            });
            ws.on('error', (e) => {
              errors.error(`driver ${e.message}`);
              resolve();
            });
          }),
      ),
    );
  }
  return {
    sockets,
    sentAt(vehicleId, key) {
      const ring = sent.get(vehicleId);
      if (!ring) return undefined;
      for (let i = ring.length - 1; i >= 0; i--) if (ring[i].key === key) return ring[i].at;
      return undefined;
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.readyState === WebSocket.CLOSED ? r() : (s.once('close', () => r()), s.close(1000))))));
    },
  };
}

/**
 * Riders following their accepted trips over the rider channel; each vehicle_position that matches what the
 * driver sent last is timed from send to receive: the position-to-rider fan-out.
 */
export async function followersScenario(base: string, tokens: TokenIssuer, tripIds: string[], drivers: DriverFleet, fanout: LatencyRecorder): Promise<() => Promise<void>> {
  const url = base.replace(/^http/, 'ws') + WS_PATH;
  const sockets: WebSocket[] = [];
  const operator = await tokens.token(OPERATOR);
  await Promise.all(
    tripIds.map(async (id) => {
      // A busy instance may answer 429 or 503 (with Retry-After): asked again, as a client would, a few times.
      let res = await http(base, operator, 'GET', `/trips/${id}`);
      for (let attempt = 1; (res.status === 429 || res.status === 503) && attempt < 5; attempt++) {
        await new Promise((r) => setTimeout(r, 1000 * attempt));
        res = await http(base, operator, 'GET', `/trips/${id}`);
      }
      if (res.status !== 200) throw new Error(`GET /trips/${id} for a follower: ${res.status} ${JSON.stringify(res.json)}`);
      const trip = res.json as { riderId: string };
      const token = await tokens.token({ role: 'rider', subject: trip.riderId });
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        sockets.push(ws);
        ws.on('open', () => {
          ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', role: 'rider', riderId: trip.riderId, tripIds: [id], token }));
          resolve();
        });
        ws.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as ServerMessage;
          if (msg.type !== 'vehicle_position') return;
          const at = drivers.sentAt(msg.vehicleId, `${msg.location[0]},${msg.location[1]}`);
          if (at !== undefined) fanout.add(performance.now() - at);
        });
        ws.on('error', (e) => {
          fanout.error(`rider ${e.message}`);
          resolve();
        });
      });
    }),
  );
  return async () => {
    await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.readyState === WebSocket.CLOSED ? r() : (s.once('close', () => r()), s.close(1000))))));
  };
}
