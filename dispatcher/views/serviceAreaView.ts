import type { ServiceAreaView } from '../api/DispatchService';
import type { ServiceAreaRecord } from '../persistence/records';

/** A stored service area as the API shows it: a GeoJSON Feature with a MultiPolygon. */
export function areaView(a: ServiceAreaRecord): ServiceAreaView {
  return {
    type: 'Feature',
    id: a.id,
    properties: { name: a.name, active: a.active, createdAt: a.createdAtS },
    geometry: { type: 'MultiPolygon', coordinates: a.geometry.coordinates.map((poly) => poly.map((ring) => ring.map((p) => [p[0], p[1]] as [number, number]))) },
  };
}
