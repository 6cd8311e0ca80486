import L from 'leaflet';
import { api } from './apiClient';
import { LabelLayout } from './labelLayout';
import { tileSetting } from './tileConfig';

/** Songpa-gu Office: where the map opens before it knows the road network's extent. */
const DEFAULT_CENTER: L.LatLngTuple = [37.5145, 127.1059];
/** Tiles that neither load nor fail within this long count as unreachable. */
export const TILE_TIMEOUT_MS = 5000;

export type MapBackground = 'tiles' | 'roads';

export interface BaseMap {
  map: L.Map;
  /** Resolves once the road network is known (the view fitted to it); never rejects. */
  ready: Promise<void>;
  /** What is drawn underneath: tiles, or the router's roads when tiles cannot load. */
  background(): MapBackground;
  /** The labels kept apart; call `labels.schedule()` after moving a marker (map events reschedule it themselves). */
  labels: LabelLayout;
  /** When the user last moved or zoomed the map by hand (ms, Date.now()), or null: a page then leaves the view alone. */
  touchedAtMs(): number | null;
}

const roadCasing: L.PathOptions = { color: '#b8c0cc', weight: 7, opacity: 1, lineCap: 'round', lineJoin: 'round', interactive: false };
const roadFill: L.PathOptions = { color: '#ffffff', weight: 4.5, opacity: 1, lineCap: 'round', lineJoin: 'round', interactive: false };

/**
 * A Leaflet map with tiles from the configured URL. When tiles cannot load (offline, blocked, a dead
 * server) the router's road network is drawn instead (GET /network.geojson), so the map is never blank.
 */
export function createBaseMap(container: HTMLElement, options: { zoom?: number; /** Keep the whole network in view as the layout settles, until the user moves the map. */ keepNetworkInView?: boolean } = {}): BaseMap {
  // Explicit zoom limits: without a tile layer (roads drawn instead) Leaflet's would be infinite, and a fit
  // on a small map could then compute an infinite zoom and a NaN centre.
  const map = L.map(container, { zoomControl: true, attributionControl: true, zoomSnap: 0.5, minZoom: 3, maxZoom: 19 }).setView(DEFAULT_CENTER, options.zoom ?? 14);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  let networkBounds: L.LatLngBounds | null = null;
  /** The network arrived while the map was hidden (no size to fit to): fit once it shows. */
  let fitPending = false;
  let touched = false;
  let touchedAt: number | null = null;
  for (const type of ['pointerdown', 'wheel', 'keydown'] as const) {
    container.addEventListener(type, () => ((touched = true), (touchedAt = Date.now())), { passive: true });
  }
  const fitNetwork = () => {
    if (!networkBounds) return;
    if (!hasSize(map)) {
      fitPending = true;
      return;
    }
    fitPending = false;
    map.fitBounds(networkBounds, { padding: [8, 8], animate: false });
  };
  // Leaflet measures its container once; a layout that settles later (grids, charts loading, a page that
  // shows the map only after sign-in) would leave it off.
  new ResizeObserver(() => {
    map.invalidateSize({ animate: false });
    if (fitPending || (options.keepNetworkInView && !touched)) fitNetwork();
  }).observe(container);
  const tiles = tileSetting();
  let background: MapBackground = 'tiles';
  let roads: L.LayerGroup | null = null;

  const network = api.network().catch(() => null);
  const drawRoads = () => {
    if (roads) return;
    background = 'roads';
    container.classList.add('map--roads');
    const renderer = L.canvas({ padding: 0.3 });
    roads = L.layerGroup().addTo(map);
    void network.then((fc) => {
      if (!fc || !roads) return;
      L.geoJSON(fc, { style: () => roadCasing, renderer } as L.GeoJSONOptions).addTo(roads);
      L.geoJSON(fc, { style: () => roadFill, renderer } as L.GeoJSONOptions).addTo(roads);
    });
  };

  if (!tiles.url) {
    drawRoads();
  } else {
    const layer = L.tileLayer(tiles.url, { maxZoom: 19, attribution: tiles.attribution, crossOrigin: true }).addTo(map);
    let loaded = false;
    const giveUp = () => {
      if (loaded) return;
      map.removeLayer(layer);
      drawRoads();
    };
    const timer = setTimeout(giveUp, TILE_TIMEOUT_MS);
    layer.on('tileload', () => {
      loaded = true;
      clearTimeout(timer);
    });
    layer.on('tileerror', () => {
      clearTimeout(timer);
      giveUp();
    });
  }

  const ready = network.then((fc) => {
    if (!fc || fc.features.length === 0) return;
    const bounds = L.geoJSON(fc).getBounds();
    if (bounds.isValid()) {
      networkBounds = bounds;
      map.setMaxBounds(bounds.pad(0.5));
      fitNetwork();
    }
  });
  return { map, ready, background: () => background, labels: new LabelLayout(map), touchedAtMs: () => touchedAt };
}

/** Smallest map side worth fitting to (a fit pads 40–48 px on each side). */
const MIN_FIT_PX = 120;

/** A hidden map (display: none) has no size, and a tiny one no room inside the padding: no fit then. */
export const hasSize = (map: L.Map): boolean => {
  const size = map.getSize();
  return size.x >= MIN_FIT_PX && size.y >= MIN_FIT_PX;
};

/** [lon, lat] (the wire's order) to Leaflet's [lat, lon]. */
export const toLatLng = (p: readonly [number, number]): L.LatLngTuple => [p[1], p[0]];
/** Leaflet's LatLng to [lon, lat], rounded to about 10 cm. */
export const fromLatLng = (ll: L.LatLng): [number, number] => [Math.round(ll.lng * 1e6) / 1e6, Math.round(ll.lat * 1e6) / 1e6];
