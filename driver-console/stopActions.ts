import type { ManifestStop } from '../protocol/realtime';
import type { StopEvent } from '../protocol/trips';

/** The driver's four buttons, in the order they sit on the screen. */
export const STOP_BUTTONS = ['arrived', 'picked_up', 'no_show', 'dropped_off'] as const;
export type StopButton = (typeof STOP_BUTTONS)[number];

/**
 * What each button reports at the next stop, or null where it does not apply: arrive first, then pick up
 * (or report a no-show) at a pickup, drop off at a dropoff.
 */
export function stopEventFor(button: StopButton, stop: ManifestStop | undefined): StopEvent | null {
  if (!stop) return null;
  const arrived = stop.state === 'arrived';
  switch (button) {
    case 'arrived':
      return arrived ? null : stop.kind === 'pickup' ? 'arrived_pickup' : 'arrived_dropoff';
    case 'picked_up':
      return stop.kind === 'pickup' && arrived ? 'picked_up' : null;
    case 'no_show':
      return stop.kind === 'pickup' && arrived ? 'no_show' : null;
    case 'dropped_off':
      return stop.kind === 'dropoff' && arrived ? 'dropped_off' : null;
  }
}
