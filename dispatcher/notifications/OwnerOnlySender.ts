import type { RiderNotification } from '../../protocol/notifications';
import type { NotificationSender } from './NotificationSender';

/**
 * Several instances each read the whole event log, and each tells the rider pages connected to it. Email and SMS go
 * out once: only from the instance that answers for the trip (its zone's owner, see ClusterNode.sendsFor).
 */
export class OwnerOnlySender implements NotificationSender {
  readonly channel: NotificationSender['channel'];

  constructor(
    private readonly inner: NotificationSender,
    private readonly answersFor: (tripId: string) => Promise<boolean>,
  ) {
    this.channel = inner.channel;
  }

  async send(riderId: string, notification: RiderNotification): Promise<void> {
    if (await this.answersFor(notification.tripId)) await this.inner.send(riderId, notification);
  }
}
