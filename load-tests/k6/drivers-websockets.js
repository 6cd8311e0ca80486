// k6: drivers holding websockets and sending a GPS position every second.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e ANYSTOP_JWT_SECRET=... -e VEHICLES=2000 -e DURATION=60 load-tests/k6/drivers-websockets.js
// Vehicles sim-0 ... sim-(VEHICLES-1) must be on shift (npm run load -- --scenario drivers sets them up).
// The same scenario runs without k6: npm run load -- --scenario drivers
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { token } from './token.js';

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/^http/, 'ws');
const VEHICLES = Number(__ENV.VEHICLES || 2000);
const DURATION = Number(__ENV.DURATION || 60);
const BBOX = [127.085, 37.508, 127.128, 37.535];
const wsErrors = new Counter('driver_ws_errors');

export const options = {
  scenarios: { drivers: { executor: 'per-vu-iterations', vus: VEHICLES, iterations: 1, maxDuration: `${DURATION + 30}s` } },
  thresholds: { driver_ws_errors: ['count==0'] },
};

export default function () {
  const vehicleId = `sim-${__VU - 1}`;
  let lon = BBOX[0] + Math.random() * (BBOX[2] - BBOX[0]);
  let lat = BBOX[1] + Math.random() * (BBOX[3] - BBOX[1]);
  const res = ws.connect(`${BASE_URL}/ws`, {}, (socket) => {
    socket.on('open', () => {
      socket.send(JSON.stringify({ v: 1, type: 'hello', role: 'driver', vehicleId, token: token({ role: 'driver', sub: `driver-${vehicleId}`, vehicleId }) }));
      socket.setInterval(() => {
        lon += (Math.random() - 0.5) * 0.0004;
        lat += (Math.random() - 0.5) * 0.0004;
        socket.send(JSON.stringify({ v: 1, type: 'position', location: [lon, lat], speedMps: 8 }));
      }, 1000);
      socket.setTimeout(() => socket.close(), DURATION * 1000);
    });
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw);
      if (msg.type === 'error') wsErrors.add(1);
    });
    socket.on('error', () => wsErrors.add(1));
  });
  check(res, { 'upgraded to websocket': (r) => r && r.status === 101 });
}
