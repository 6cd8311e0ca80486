// k6: riders who requested a trip and follow it live over the websocket (status, ETAs, vehicle position).
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e ANYSTOP_JWT_SECRET=... -e RIDERS=200 -e DURATION=60 load-tests/k6/riders-follow-trips.js
// The same scenario runs without k6: npm run load -- --scenario followers
import http from 'k6/http';
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { token } from './token.js';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const RIDERS = Number(__ENV.RIDERS || 200);
const DURATION = Number(__ENV.DURATION || 60);
const BBOX = [127.085, 37.508, 127.128, 37.535];
const updates = new Counter('rider_updates');
const positionAge = new Trend('rider_position_age_ms', true);

export const options = {
  scenarios: { followers: { executor: 'per-vu-iterations', vus: RIDERS, iterations: 1, maxDuration: `${DURATION + 30}s` } },
};

function point() {
  return [BBOX[0] + Math.random() * (BBOX[2] - BBOX[0]), BBOX[1] + Math.random() * (BBOX[3] - BBOX[1])];
}

export default function () {
  const riderId = `k6-follower-${__VU}`;
  const jwt = token({ role: 'rider', sub: riderId });
  const res = http.post(`${BASE}/trips`, JSON.stringify({ riderId, origin: point(), destination: point(), autoAccept: true }), {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
  });
  check(res, { 'trip requested': (r) => r.status === 201 });
  if (res.status !== 201) return;
  const trip = res.json();
  ws.connect(`${BASE.replace(/^http/, 'ws')}/ws`, {}, (socket) => {
    socket.on('open', () => {
      socket.send(JSON.stringify({ v: 1, type: 'hello', role: 'rider', riderId, tripIds: [trip.id], token: jwt }));
      socket.setTimeout(() => socket.close(), DURATION * 1000);
    });
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw);
      updates.add(1);
      if (msg.type === 'vehicle_position') positionAge.add(Date.now() - msg.atS * 1000);
    });
  });
}
