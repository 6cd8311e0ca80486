// k6: riders posting trip requests at a target rate.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e ANYSTOP_JWT_SECRET=... -e RATE=50 -e DURATION=60s load-tests/k6/riders-request-trips.js
// Every request comes from one address: start the dispatcher with ANYSTOP_RATE_LIMIT_EXEMPT=loopback (or the
// load machine's address), or the per-address limit (200/s) caps the run.
// The same scenario runs without k6: npm run load -- --scenario riders
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Rate } from 'k6/metrics';
import { token } from './token.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
// Seoul Songpa (the demo city): lon 127.0775–127.1331, lat 37.5063–37.5387.
const BBOX = [127.085, 37.508, 127.128, 37.535];
const requestLatency = new Trend('trip_request_latency', true);
const errors = new Rate('trip_request_errors');

export const options = {
  scenarios: {
    riders: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 50),
      timeUnit: '1s',
      duration: __ENV.DURATION || '60s',
      preAllocatedVUs: 100,
      maxVUs: 400,
    },
  },
  thresholds: { trip_request_latency: ['p(99)<200'], trip_request_errors: ['rate==0'] },
};

function point() {
  return [BBOX[0] + Math.random() * (BBOX[2] - BBOX[0]), BBOX[1] + Math.random() * (BBOX[3] - BBOX[1])];
}

export default function () {
  const riderId = `k6-${__VU}-${__ITER}`;
  const body = JSON.stringify({ riderId, origin: point(), destination: point(), passengers: 1, autoAccept: true });
  const headers = { 'content-type': 'application/json', 'idempotency-key': riderId, authorization: `Bearer ${token({ role: 'rider', sub: riderId })}` };
  const res = http.post(`${BASE_URL}/trips`, body, { headers });
  requestLatency.add(res.timings.duration);
  // A rejection (no vehicle in reach) is an answer, not an error; 4xx/5xx are errors.
  errors.add(res.status >= 400);
  check(res, { 'answered 200/201': (r) => r.status === 200 || r.status === 201 });
}
