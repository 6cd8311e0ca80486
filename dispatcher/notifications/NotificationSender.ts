import type { RiderNotification } from '../../protocol/notifications';
import type { Logger } from '../observability/Logger';

/** Where a notification goes besides the rider's open pages: the rider's email or phone, through a provider. */
export interface NotificationSender {
  readonly channel: 'email' | 'sms' | 'log';
  send(riderId: string, notification: RiderNotification): Promise<void>;
}

/**
 * The adapter used while no email or SMS provider is configured: it writes what would be sent to the log (pino)
 * and sends nothing. Riders still get every notification on their open pages.
 */
export class LogNotificationSender implements NotificationSender {
  readonly channel = 'log' as const;

  constructor(private readonly logger: Logger) {}

  async send(riderId: string, notification: RiderNotification): Promise<void> {
    this.logger.info({ riderId, notification, sent: false }, `rider notification ${notification.kind} not sent by email/SMS: no provider configured`);
  }
}
