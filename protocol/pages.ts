import type { TripState } from './trips';

/**
 * Wire types of the read-only endpoints the pages use beside the dispatch API (places, the road network,
 * trip origins). Types only: the pages import them without pulling in the server.
 */

/** What a found place is: a street, a landmark (amenity, shop, sight, named building) or a street address. */
export type PlaceKind = 'street' | 'landmark' | 'address';

/** A street or place a rider can search for: `name` as mapped, `latin` its English name or romanization. */
export interface PlaceView {
  name: string;
  latin: string;
  location: [number, number];
  kind: PlaceKind;
  /**
   * True when `location` is the place's point nearest to where the rider looks (the `near` of the search); false for
   * a street placed at the middle of its longest stretch because the search gave no `near`.
   */
  placedNear: boolean;
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
