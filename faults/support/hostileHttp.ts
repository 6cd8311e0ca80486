import type { Principal } from '../../dispatcher/auth/Principal';
import type { HostileValues } from './hostileValues';

/** One generated request. `as`: whose token it carries ('bad' for a forged or broken one, null for none). */
export interface HttpCase {
  method: string;
  path: string;
  as: Principal | 'bad' | null;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  label: string;
}

/** The resources a run has made, so that hostile requests also reach real trips and vehicles. */
export interface Known {
  riderId: string;
  tripId: string;
  vehicleId: string;
  nowS: number;
  place: [number, number];
  elsewhere: [number, number];
}

type Route = { method: string; path: (k: Known, id: () => string) => string; as: (k: Known) => Principal | null; body?: (k: Known) => Record<string, unknown>; query?: (k: Known) => Record<string, string> };

const rider = (k: Known): Principal => ({ role: 'rider', subject: k.riderId });
const operator = (): Principal => ({ role: 'operator', subject: 'fuzz-operator' });
const planner = (): Principal => ({ role: 'planner', subject: 'fuzz-planner' });
const driver = (k: Known): Principal => ({ role: 'driver', subject: 'fuzz-driver', vehicleId: k.vehicleId });

/** Every route of the API with a valid request to start from. */
const ROUTES: Route[] = [
  { method: 'POST', path: () => '/trips', as: rider, body: (k) => ({ riderId: k.riderId, riderName: 'Minji', origin: k.place, destination: k.elsewhere, passengers: 1, wheelchairs: 0, pickupAt: Math.round(k.nowS) }) },
  { method: 'GET', path: (k, id) => `/trips/${id() || k.tripId}`, as: rider },
  { method: 'POST', path: (k, id) => `/trips/${id() || k.tripId}/accept`, as: rider },
  { method: 'POST', path: (k, id) => `/trips/${id() || k.tripId}/decline`, as: rider },
  { method: 'POST', path: (k, id) => `/trips/${id() || k.tripId}/cancel`, as: rider, body: () => ({ reason: 'changed plans' }) },
  { method: 'PUT', path: (k, id) => `/vehicles/${id() || `fuzz-${k.vehicleId}`}`, as: operator, body: (k) => ({ seats: 6, wheelchairPlaces: 1, depot: k.place, name: 'Fuzz bus' }) },
  { method: 'POST', path: (k, id) => `/vehicles/${id() || k.vehicleId}/shift/start`, as: operator, body: (k) => ({ endsAt: Math.round(k.nowS + 3600), position: k.place }) },
  { method: 'POST', path: (k, id) => `/vehicles/${id() || k.vehicleId}/position`, as: driver, body: (k) => ({ location: k.place, headingDeg: 90, speedMps: 5 }) },
  { method: 'POST', path: (k, id) => `/vehicles/${id() || k.vehicleId}/stop-events`, as: driver, body: (k) => ({ tripId: k.tripId, event: 'arrived_pickup' }) },
  { method: 'GET', path: () => '/vehicles/nearby', as: rider, query: (k) => ({ lon: String(k.place[0]), lat: String(k.place[1]) }) },
  { method: 'GET', path: () => '/service-areas', as: rider },
  {
    method: 'POST',
    path: () => '/service-areas',
    as: operator,
    body: (k) => ({ type: 'Feature', properties: { name: 'fuzz' }, geometry: { type: 'Polygon', coordinates: [[k.place, [k.place[0] + 0.01, k.place[1]], [k.place[0], k.place[1] + 0.01], k.place]] } }),
  },
  { method: 'DELETE', path: (_k, id) => `/service-areas/${id() || '999999'}`, as: operator },
  { method: 'GET', path: () => '/metrics', as: planner, query: (k) => ({ from: String(Math.round(k.nowS - 3600)), to: String(Math.round(k.nowS)) }) },
  { method: 'GET', path: () => '/trips/origins', as: planner, query: (k) => ({ from: String(Math.round(k.nowS - 3600)) }) },
  { method: 'GET', path: () => '/trips.csv', as: planner, query: (k) => ({ to: String(Math.round(k.nowS)) }) },
  { method: 'GET', path: () => '/places', as: () => null, query: () => ({ q: 'olympic', limit: '5' }) },
  { method: 'GET', path: () => '/health', as: () => null },
  { method: 'POST', path: () => '/auth/dev-token', as: () => null, body: () => ({ role: 'operator', subject: 'me' }) },
];

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', '*/*', 'application/x-www-form-urlencoded', ''];
const BAD_TOKENS = [
  'Bearer ',
  'Bearer x.y.z',
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJyb2xlIjoib3BlcmF0b3IiLCJzdWIiOiJldmlsIn0.',
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${'A'.repeat(8000)}`,
  'bearer\tabc',
  'Bearer eyJhbGciOiJIUzI1NiJ9.e30.bad-signature',
];

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) becomes its bytes, invalid UTF-8 in a URL. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** A path segment no route expects: unicode, traversal, NUL, invalid percent-encoding, over-long. */
function hostileId(h: HostileValues): string {
  return h.pick([
    enc(h.string()),
    '%ff%fe',
    '%00',
    '%zz',
    '..%2f..%2fetc',
    'x'.repeat(65 + h.int(200)),
    enc('😀'),
    '%E0%A4%A',
    'a%2Fb',
    '__proto__',
    'constructor',
    '-1',
    '1e400',
  ]);
}

function hostileQuery(h: HostileValues, valid: Record<string, string>): string {
  const parts = Object.entries(valid).map(([k, v]) => `${k}=${enc(v)}`);
  switch (h.int(8)) {
    case 0:
      if (parts.length > 0) parts[h.int(parts.length)] = `${Object.keys(valid)[0]}=${enc(h.string())}`;
      break;
    case 1:
      parts.push(`${h.pick(Object.keys(valid).concat('x'))}[]=1`, `${h.pick(Object.keys(valid).concat('x'))}[]=2`);
      break;
    case 2:
      parts.push(h.pick(['__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', 'a[__proto__][b]=1']));
      break;
    case 3:
      parts.push(...parts);
      break;
    case 4:
      parts.push(`x=%zz%${h.pick(['', 'f', 'G0'])}`);
      break;
    case 5:
      parts.push(`long=${'q'.repeat(2000 + h.int(6000))}`);
      break;
    case 6:
      for (const [i, k] of Object.keys(valid).entries()) parts[i] = `${k}=${h.pick(['NaN', 'Infinity', '-Infinity', '1e400', '-5', '0', '1.5', '', '9007199254740993', 'true'])}`;
      break;
    default:
      parts.push(`${enc(h.string())}=${enc(h.string())}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Invalid UTF-8, a stray BOM, binary noise. */
function hostileBytes(h: HostileValues): Uint8Array {
  const bytes = h.pick([
    [0xff, 0xfe, 0xfd],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80],
    [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
    [0xf4, 0x90, 0x80, 0x80],
  ]);
  const prefix = Buffer.from(h.chance(0.5) ? '{"riderId":"' : '');
  return Buffer.concat([prefix, Buffer.from(bytes), Buffer.from(h.chance(0.5) ? '"}' : '')]);
}

/** `count` hostile requests across every route, drawn from the seeded generator. */
export function httpCases(h: HostileValues, count: number, known: Known): HttpCase[] {
  const cases: HttpCase[] = [];
  for (let n = 0; n < count; n++) {
    const route = h.pick(ROUTES);
    const useHostileId = h.chance(0.3);
    const path = route.path(known, () => (useHostileId ? hostileId(h) : ''));
    const query = route.query ? (h.chance(0.7) ? hostileQuery(h, route.query(known)) : '') : h.chance(0.1) ? hostileQuery(h, { x: '1' }) : '';
    const method = h.chance(0.05) ? h.pick(['PATCH', 'DELETE', 'PUT', 'OPTIONS', 'POST', 'GET']) : route.method;
    const headers: Record<string, string> = {};
    let as: HttpCase['as'] = route.as(known);
    if (h.chance(0.1)) as = h.chance(0.5) ? 'bad' : null;
    if (as === 'bad') headers.authorization = h.pick(BAD_TOKENS);
    if (h.chance(0.15)) headers['content-type'] = h.pick(CONTENT_TYPES);
    if (h.chance(0.1)) headers['idempotency-key'] = h.pick(['', ' ', 'k'.repeat(129 + h.int(500)), 'with space', 'ünïcödé'.normalize('NFC').replace(/[^\x00-\xff]/g, '?'), 'a\tb']);
    let body: HttpCase['body'];
    if (method !== 'GET' && method !== 'HEAD') {
      const valid = route.body?.(known) ?? {};
      const kind = h.int(10);
      if (kind === 0) body = hostileBytes(h);
      else if (kind === 1) body = JSON.stringify({ ...valid, pad: 'p'.repeat(33 * 1024 + h.int(20_000)) });
      else if (kind === 2) body = undefined;
      else body = h.text(h.chance(0.15) ? valid : h.mutate(valid));
    }
    cases.push({ method, path: path + query, as, headers, body, label: `${method} ${route.path(known, () => ':id')}` });
  }
  return cases;
}
