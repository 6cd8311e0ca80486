import polyline from '@mapbox/polyline';
import type { LineString, NearestResult, RouteResult, TableResult } from '../Router';
import type { OsrmGeometries } from './OsrmRequest';

/** OSRM rounds durations and distances to one decimal in its JSON. */
const round1 = (v: number) => Math.round(v * 10) / 10;

export interface OsrmWaypoint {
  hint: string;
  location: [number, number];
  name: string;
  distance: number;
}

export function osrmWaypoint(w: NearestResult): OsrmWaypoint {
  return { hint: '', location: [w.location[0], w.location[1]], name: w.name, distance: Math.round(w.distanceM * 1e6) / 1e6 };
}

export function osrmGeometry(line: LineString, format: OsrmGeometries): string | LineString {
  if (format === 'geojson') return line;
  return polyline.encode(
    line.coordinates.map(([lon, lat]) => [lat, lon]),
    format === 'polyline6' ? 6 : 5,
  );
}

export function osrmRouteBody(route: RouteResult, waypoints: NearestResult[], geometries: OsrmGeometries, overview: string) {
  const duration = round1(route.durationS);
  return {
    code: 'Ok',
    routes: [
      {
        ...(overview === 'false' ? {} : { geometry: osrmGeometry(route.geometry, geometries) }),
        legs: route.legs.map((l) => ({ steps: [], summary: '', weight: round1(l.durationS), duration: round1(l.durationS), distance: round1(l.distanceM) })),
        weight_name: 'duration',
        weight: duration,
        duration,
        distance: round1(route.distanceM),
      },
    ],
    waypoints: waypoints.map(osrmWaypoint),
  };
}

function roundMatrix(m: (number | null)[][]): (number | null)[][] {
  return m.map((row) => row.map((v) => (v === null ? null : round1(v))));
}

export function osrmTableBody(table: TableResult, sources: NearestResult[], destinations: NearestResult[], annotations: Set<string>) {
  return {
    code: 'Ok',
    ...(annotations.has('duration') ? { durations: roundMatrix(table.durationsS) } : {}),
    ...(annotations.has('distance') ? { distances: roundMatrix(table.distancesM) } : {}),
    sources: sources.map(osrmWaypoint),
    destinations: destinations.map(osrmWaypoint),
  };
}

export function osrmNearestBody(nearest: NearestResult[]) {
  return { code: 'Ok', waypoints: nearest.map((w) => ({ nodes: [0, 0], ...osrmWaypoint(w) })) };
}
