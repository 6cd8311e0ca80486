import type { TripState } from './trips';

/**
 * Wire types of the read-only endpoints the pages use beside the dispatch API (places, the road network,
 * trip origins). Types only: the pages import them without pulling in the server.
 */

/** A street or place a rider can search for: `name` as mapped, `latin` its romanization (for search in Latin letters). */
export interface PlaceView {
  name: string;
  latin: string;
  location: [number, number];
}

/** GET /places?q= */
export interface PlacesResponse {
  places: PlaceView[];
}

/** GET /trips/origins?from=&to= : where trips were requested from, for the demand heatmap. */
export interface TripOriginsResponse {
  fromS: number;
  toS: number;
  origins: { location: [number, number]; atS: number; state: TripState }[];
}

/** GET /network.geojson : the router's roads, one MultiLineString per street name. */
export interface NetworkFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { name: string };
    geometry: { type: 'MultiLineString'; coordinates: [number, number][][] };
  }[];
}
