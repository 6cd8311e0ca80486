import { connect } from 'node:net';
import type { HostileValues } from './hostileValues';

/** Byte-level requests fetch cannot send: broken request lines and headers, smuggling attempts, lying lengths. */
export function rawCases(h: HostileValues, count: number, token: string): Buffer[] {
  const auth = `Authorization: Bearer ${token}\r\n`;
  const templates: Array<() => Buffer> = [
    () => Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000 + h.int(20_000))}\r\n\r\n`),
    () => Buffer.from(`${h.pick(['GARBAGE', 'GET', '\u0000', 'G\tET / HTTP/1.1', 'PRI * HTTP/2.0\r\n\r\nSM'])}\r\n\r\n`),
    () => Buffer.from(`POST /trips HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${h.pick(['-1', 'abc', '1e3', '99999999999999999999', ' 5'])}\r\n\r\n{}`),
    () => Buffer.from(`POST /trips HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n${h.pick(['zz', '-1', 'fffffffffffffffff', '5;ext'])}\r\nabc\r\n0\r\n\r\n`),
    () => Buffer.from(`POST /trips HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n`),
    () => Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-A\u0001B: c\r\n\r\n`),
    () => Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\u0000c\r\n\r\n`),
    () => Buffer.concat([Buffer.from('GET /trips/'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)]),
    () => Buffer.from(`GET /${'u'.repeat(20_000 + h.int(60_000))} HTTP/1.1\r\nHost: x\r\n\r\n`),
    () => Buffer.from(`TRACE /trips HTTP/1.1\r\nHost: x\r\n\r\n`),
    () => Buffer.from(`GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: ${h.pick(['13', '8', 'x'])}\r\nSec-WebSocket-Key: ${h.pick(['', 'short', '!!!!'])}\r\n\r\n`),
    () => Buffer.from(`GET /elsewhere HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`),
    () => Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\n\r\n${h.pick(['GARBAGE\r\n\r\n', 'GET /health HTTP/9.9\r\n\r\n', '\r\n\r\n\r\n'])}`),
    () => Buffer.from(`POST /vehicles/x/position HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{"location":[1,2]`),
    () => Buffer.from(`GET /health HTTP/1.0\r\n\r\n`),
    () => Buffer.from(`GET /health HTTP/1.1\r\n${'X-Many: 1\r\n'.repeat(200 + h.int(2000))}\r\n`),
  ];
  return Array.from({ length: count }, () => h.pick(templates)());
}

/**
 * Sends raw bytes on a fresh connection and reads until the server answers or closes (or `waitMs` passes, as for
 * a request whose body never comes). Returns every HTTP status line seen (pipelined requests may get several).
 */
export function sendRaw(port: number, bytes: Buffer, waitMs = 1500): Promise<number[]> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve([...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1])));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}
