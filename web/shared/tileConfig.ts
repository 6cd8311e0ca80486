/** OpenStreetMap's standard tiles: the default, as its tile usage policy allows for light use. */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const STORAGE_KEY = 'anystop.tiles';

export interface TileSetting {
  /** A Leaflet URL template ({z}/{x}/{y}, {s}), or null to draw the router's roads only. */
  url: string | null;
  attribution: string;
}

/**
 * Which map tiles to use: `?tiles=<url template>` (remembered on this device), `?tiles=off` for the
 * router's own roads only, `?tiles=default` to forget a setting; otherwise OpenStreetMap's.
 */
export function tileSetting(search = location.search): TileSetting {
  const asked = new URLSearchParams(search).get('tiles');
  if (asked === 'default') localStorage.removeItem(STORAGE_KEY);
  else if (asked) localStorage.setItem(STORAGE_KEY, asked);
  const value = localStorage.getItem(STORAGE_KEY) ?? DEFAULT_TILE_URL;
  if (value === 'off' || value === 'none') return { url: null, attribution: '' };
  return { url: value, attribution: value === DEFAULT_TILE_URL ? DEFAULT_TILE_ATTRIBUTION : '' };
}
