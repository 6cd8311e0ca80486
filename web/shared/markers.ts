import L from 'leaflet';

/** Map symbols as small HTML markers (no image files), styled in styles/map.css. */

export type PinKind = 'origin' | 'destination' | 'pickup' | 'dropoff';

export function pinIcon(kind: PinKind, label: string): L.DivIcon {
  return L.divIcon({
    className: `pin pin--${kind}`,
    html: `<span class="pin__label">${escapeHtml(label)}</span>`,
    iconSize: [30, 30],
    iconAnchor: [15, 30],
    tooltipAnchor: [0, -30],
  });
}

/** A small bus seen from the front, in the marker's text colour. */
const BUS_SVG =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M5 3h14a2 2 0 0 1 2 2v11a2 2 0 0 1-1 1.7V20a1 1 0 0 1-1 1h-1a1 1 0 0 1-1-1v-1H7v1a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1v-2.3A2 2 0 0 1 3 16V5a2 2 0 0 1 2-2Zm1 3v5h12V6H6Zm1.5 8a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm9 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z"/></svg>';

export function vehicleIcon(label: string, activity = 'moving'): L.DivIcon {
  return L.divIcon({
    className: `vehicle vehicle--${activity}`,
    html: `<span class="vehicle__body">${BUS_SVG}</span><span class="vehicle__label">${escapeHtml(label)}</span>`,
    iconSize: [36, 36],
    iconAnchor: [18, 18],
  });
}

export function stopIcon(order: number, kind: 'pickup' | 'dropoff', next: boolean): L.DivIcon {
  return L.divIcon({
    className: `stop stop--${kind}${next ? ' stop--next' : ''}`,
    html: `<span>${order}</span>`,
    iconSize: next ? [34, 34] : [26, 26],
    iconAnchor: next ? [17, 17] : [13, 13],
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
