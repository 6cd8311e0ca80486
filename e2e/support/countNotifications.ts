import type { Page } from 'playwright-core';

/**
 * Wraps the page's real Notification API (the permission is granted through the browser context) so the test can
 * read the body of every notification the page showed: `shownNotifications(page)`.
 */
export async function countNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    class Counted extends Real {
      constructor(title: string, options?: NotificationOptions) {
        shown.push(options?.body ?? '');
        super(title, options);
      }
    }
    Object.defineProperty(Counted, 'permission', { get: () => Real.permission });
    Object.defineProperty(Counted, 'requestPermission', { value: Real.requestPermission.bind(Real) });
    (window as unknown as { Notification: unknown }).Notification = Counted;
  });
}

/** The bodies of the notifications shown so far (countNotifications must have wrapped the page). */
export function shownNotifications(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
}
