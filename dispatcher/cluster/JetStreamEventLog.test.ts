import type { JetStreamClient, JetStreamManager } from 'nats';
import type { EventRecord } from '../persistence/records';
import type { EventLogSource } from '../realtime/EventLogFollower';
import { EventStream } from './EventStream';
import { JetStreamEventLog } from './JetStreamEventLog';

/**
 * What a reader of the stream gets, for cursors inside, before and across what the stream brought. PostgreSQL (here a
 * list) holds seqs 1–9 with 6 rolled back; the stream delivered 4–9 (this reader started after 3).
 */
const event = (seq: number): EventRecord => ({ seq, atS: 1000 + seq, type: 'schedule_changed', tripId: null, vehicleId: 'bus-1', payload: {} });
const inPostgres = [1, 2, 3, 4, 5, 7, 8, 9].map(event);
let postgresReads = 0;
const postgres: EventLogSource = {
  listAfter: async (after, limit = 1000) => (postgresReads++, inPostgres.filter((e) => e.seq > after).slice(0, limit)),
  latestSeq: async () => inPostgres[inPostgres.length - 1].seq,
};
let natsUp = true;
const log = new JetStreamEventLog({} as JetStreamClient, {} as JetStreamManager, new EventStream('anystop.test'), postgres, () => {}, () => natsUp);
for (const seq of [4, 5, 4, 7, 8]) log.received(event(seq)); // 4 twice: a relay that took over published it again
const seqs = (events: EventRecord[]) => events.map((e) => e.seq);

beforeEach(() => {
  postgresReads = 0;
  natsUp = true;
});

test('a reader inside what the stream brought reads the stream only, across the seq PostgreSQL rolled back', async () => {
  expect(seqs(await log.listAfter(4))).toEqual([5, 7, 8]);
  expect(seqs(await log.listAfter(5))).toEqual([7, 8]);
  expect(seqs(await log.listAfter(7, 1))).toEqual([8]);
  expect(await log.latestSeq()).toBe(8);
  expect(postgresReads).toBe(1); // after 5, the next kept is 7: PostgreSQL is asked once whether 6 exists
});

test('a reader from before the stream starts reads PostgreSQL up to the stream, then the stream; never beyond what the stream brought', async () => {
  expect(seqs(await log.listAfter(1))).toEqual([2, 3, 4, 5, 7, 8]);
  expect(seqs(await log.listAfter(1, 2))).toEqual([2, 3]);
  expect(await log.listAfter(8)).toEqual([]); // 9 is in PostgreSQL, not yet relayed
  expect(postgresReads).toBe(2);
});

test('while NATS is away, readers read PostgreSQL, so the instance still pushes what it commits itself', async () => {
  natsUp = false;
  expect(seqs(await log.listAfter(8))).toEqual([9]);
  expect(await log.latestSeq()).toBe(9);
});
