import type { RiderNotification } from '../protocol/notifications';
import { el, render } from '../web/shared/dom';
import { formatClock, formatDistanceM } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import { vehicleLabel, vehicleSwatch } from './TripCard';

/** Notifications kept on screen, newest first. */
const SHOWN = 3;

/** What a notification says, in the page's language. */
export function noticeText(n: RiderNotification, i18n: I18n): string {
  const lang = i18n.lang;
  switch (n.kind) {
    case 'vehicle_near':
      return i18n.t('rider.notify.near', { minutes: n.minutesAway });
    case 'vehicle_at_pickup':
      return n.waitsUntil !== null ? i18n.t('rider.notify.atPickupWaits', { time: formatClock(n.waitsUntil, lang) }) : i18n.t('rider.notify.atPickup');
    case 'pickup_moved':
      return i18n.t('rider.notify.moved', { time: formatClock(n.pickupEarliest, lang), cause: i18n.t(`promise.cause.${n.cause}`) });
    case 'vehicle_changed':
      if (!n.vehicle) return i18n.t('rider.notify.vehicleChangedUnknown');
      return n.previous
        ? i18n.t('rider.notify.vehicleChanged', { vehicle: vehicleLabel(n.vehicle, i18n), previous: vehicleLabel(n.previous, i18n) })
        : i18n.t('rider.notify.vehicleChangedTo', { vehicle: vehicleLabel(n.vehicle, i18n) });
    case 'trip_summary': {
      const values = {
        pickup: n.pickedUpAt !== null ? formatClock(n.pickedUpAt, lang) : '–',
        dropoff: n.droppedOffAt !== null ? formatClock(n.droppedOffAt, lang) : '–',
        ride: n.rideS !== null ? Math.max(1, Math.round(n.rideS / 60)) : '–',
        distance: formatDistanceM(n.walkM, lang),
      };
      return n.walkM > 0 ? i18n.t('rider.notify.summaryWalk', values) : i18n.t('rider.notify.summary', values);
    }
  }
}

/**
 * The rider's notifications: the latest few on the page (read out by screen readers), and as browser notifications
 * once the rider allows them, which the browser only asks on their tap (a user gesture), never on load.
 */
export class RiderNotices {
  readonly root = el('section', { class: 'notices', attrs: { 'aria-live': 'polite' }, data: { testid: 'notices' } });
  private readonly seen: RiderNotification[] = [];

  constructor(private readonly i18n: I18n) {
    i18n.onChange(() => this.draw());
    this.draw();
  }

  show(n: RiderNotification): void {
    this.seen.unshift(n);
    this.seen.length = Math.min(this.seen.length, SHOWN);
    this.draw();
    if (browserNotifications() === 'granted') {
      try {
        new Notification(this.i18n.t('rider.notify.title'), { body: noticeText(n, this.i18n), tag: `${n.tripId}:${n.kind}` });
      } catch {
        // Some mobile browsers allow notifications from a service worker only: the page shows it anyway.
      }
    }
  }

  private draw(): void {
    const t = this.i18n.t.bind(this.i18n);
    const permission = browserNotifications();
    const control =
      permission === 'default'
        ? el('button', {
            class: 'button button--secondary notices__allow',
            text: t('rider.notify.allow'),
            attrs: { type: 'button' },
            data: { testid: 'notify-allow' },
            on: { click: () => void Notification.requestPermission().then(() => this.draw(), () => this.draw()) },
          })
        : permission === 'granted'
          ? el('p', { class: 'notices__status', text: t('rider.notify.on'), data: { testid: 'notify-status' } })
          : permission === 'denied'
            ? el('p', { class: 'notices__status', text: t('rider.notify.blocked'), data: { testid: 'notify-status' } })
            : null;
    render(
      this.root,
      control,
      ...this.seen.map((n) =>
        // A new vehicle shows its colour beside the words, as the trip card does.
        n.kind === 'vehicle_changed' && n.vehicle?.colour
          ? el('p', { class: `notice notice--${n.kind}`, data: { testid: 'notice', kind: n.kind } }, vehicleSwatch(n.vehicle), el('span', { text: noticeText(n, this.i18n) }))
          : el('p', { class: `notice notice--${n.kind}`, text: noticeText(n, this.i18n), data: { testid: 'notice', kind: n.kind } }),
      ),
    );
  }
}

/** The page's notification permission, or null where the browser has no Notification API. */
function browserNotifications(): NotificationPermission | null {
  return typeof Notification === 'undefined' ? null : Notification.permission;
}
