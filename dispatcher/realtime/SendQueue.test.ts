import { PROTOCOL_VERSION, type ServerMessage } from '../../protocol/realtime';
import { type QueueSocket, SendQueue } from './SendQueue';

/** A socket whose buffer the test fills and drains by hand. */
class FakeSocket implements QueueSocket {
  bufferedAmount = 0;
  readonly written: ServerMessage[] = [];
  private readonly callbacks: (() => void)[] = [];

  send(data: string, cb: (err?: Error) => void): void {
    this.written.push(JSON.parse(data) as ServerMessage);
    this.callbacks.push(() => cb());
  }

  /** The network caught up: everything buffered is written and the callbacks run. */
  drain(): void {
    this.bufferedAmount = 0;
    while (this.callbacks.length > 0) this.callbacks.shift()!();
  }
}

const position = (vehicleId: string, atS: number): ServerMessage => ({ v: PROTOCOL_VERSION, type: 'vehicle_position', vehicleId, location: [127.1, 37.5], headingDeg: null, atS });
const trip = (seq: number): ServerMessage => ({ v: PROTOCOL_VERSION, type: 'ack', requestId: `r${seq}`, ok: true });

function blockedQueue(maxQueue: number) {
  const socket = new FakeSocket();
  const overflows: string[] = [];
  const queue = new SendQueue(socket, { maxQueue, maxBufferedBytes: 100 }, (reason) => overflows.push(reason));
  queue.push(trip(0)); // in flight when the kernel stops taking bytes
  socket.bufferedAmount = 1000;
  return { socket, queue, overflows };
}

describe('SendQueue', () => {
  test('a client keeping up gets every message at once', () => {
    const socket = new FakeSocket();
    const queue = new SendQueue(socket, { maxQueue: 2, maxBufferedBytes: 100 }, () => {});
    for (let i = 0; i < 5; i++) expect(queue.push(position('bus-1', i))).toBe('sent');
    expect(socket.written).toHaveLength(5);
  });

  test('behind on the network, a newer position replaces the waiting one of the same vehicle', () => {
    const { socket, queue } = blockedQueue(8);
    expect(queue.push(position('bus-1', 1))).toBe('queued');
    expect(queue.push(position('bus-2', 1))).toBe('queued');
    expect(queue.push(position('bus-1', 2))).toBe('replaced');
    expect(queue.stats()).toMatchObject({ queued: 2, dropped: 1 });
    socket.drain();
    expect(socket.written).toEqual([trip(0), position('bus-1', 2), position('bus-2', 1)]);
  });

  test('a full queue drops the oldest position to keep a message that must not be lost', () => {
    const { socket, queue, overflows } = blockedQueue(2);
    queue.push(position('bus-1', 1));
    queue.push(trip(1));
    expect(queue.push(trip(2))).toBe('queued');
    expect(queue.push(position('bus-2', 1))).toBe('dropped');
    expect(overflows).toEqual([]);
    socket.drain();
    expect(socket.written).toEqual([trip(0), trip(1), trip(2)]);
  });

  test('a full queue of kept messages overflows once and then takes nothing', () => {
    const { socket, queue, overflows } = blockedQueue(2);
    queue.push(trip(1));
    queue.push(trip(2));
    expect(queue.push(trip(3))).toBe('overflow');
    expect(queue.push(trip(4))).toBe('overflow');
    expect(overflows).toHaveLength(1);
    socket.drain();
    expect(socket.written).toEqual([trip(0)]);
  });

  test('waiting messages go out in order once the write in flight is done', () => {
    const socket = new FakeSocket();
    const queue = new SendQueue(socket, { maxQueue: 10, maxBufferedBytes: 100 }, () => {});
    expect(queue.push(trip(1))).toBe('sent');
    socket.bufferedAmount = 1000; // the kernel stopped taking bytes
    expect(queue.push(trip(2))).toBe('queued');
    expect(queue.push(trip(3))).toBe('queued');
    expect(queue.idle).toBe(false);
    socket.drain();
    expect(socket.written).toEqual([trip(1), trip(2), trip(3)]);
    socket.drain();
    expect(queue.idle).toBe(true);
    expect(queue.stats()).toEqual({ sent: 3, dropped: 0, queued: 0 });
  });
});
