import type { RiderNotification } from '../../protocol/notifications';
import type { NotificationSender } from './NotificationSender';
import { OwnerOnlySender } from './OwnerOnlySender';

test('in a cluster, email/SMS go out from the instance that answers for the trip only', async () => {
  const sent: string[] = [];
  const inner: NotificationSender = { channel: 'sms', send: async (riderId, n) => void sent.push(`${riderId}:${n.tripId}`) };
  const owned = new Set(['mine']);
  const sender = new OwnerOnlySender(inner, async (tripId) => owned.has(tripId));
  const near = (tripId: string): RiderNotification => ({ kind: 'vehicle_near', tripId, atS: 0, pickupEta: 120, minutesAway: 2 });
  await sender.send('r1', near('mine'));
  await sender.send('r2', near('theirs'));
  expect(sent).toEqual(['r1:mine']);
  expect(sender.channel).toBe('sms');
});
