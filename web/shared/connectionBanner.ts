import type { I18n } from './i18n/I18n';
import type { ConnectionStatus } from './RealtimeClient';

/** The live link's state in words and colour: connected, connecting, reconnecting…, refused. */
export function renderConnection(node: HTMLElement, status: ConnectionStatus, i18n: I18n): void {
  node.dataset.status = status;
  node.dataset.testid = 'connection';
  node.setAttribute('role', 'status');
  node.textContent = i18n.t(`connection.${status}`);
}
