import polyline from '@mapbox/polyline';
import type { LineString, LngLat, NearestResult, RouteResult, RouteStep, TableResult } from '../Router';
import { distanceM } from '../geo';
import type { OsrmGeometries, RouteAnnotation } from './OsrmRequest';

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

export interface RouteBodyOptions {
  geometries: OsrmGeometries;
  overview: string;
  steps?: boolean;
  annotations?: Set<RouteAnnotation>;
}

function osrmStep(step: RouteStep, geometries: OsrmGeometries) {
  const duration = round1(step.durationS);
  return {
    intersections: step.intersections.map((x) => ({
      ...(x.out !== undefined && x.out >= 0 ? { out: x.out } : {}),
      ...(x.in !== undefined && x.in >= 0 ? { in: x.in } : {}),
      entry: x.entry,
      bearings: x.bearings,
      location: [x.location[0], x.location[1]],
    })),
    driving_side: 'right',
    geometry: osrmGeometry({ type: 'LineString', coordinates: step.geometry }, geometries),
    maneuver: {
      bearing_after: step.bearingAfter,
      bearing_before: step.bearingBefore,
      location: [step.location[0], step.location[1]],
      ...(step.modifier ? { modifier: step.modifier } : {}),
      type: step.type,
      ...(step.exit !== undefined ? { exit: step.exit } : {}),
    },
    name: step.name,
    mode: 'driving',
    weight: duration,
    duration,
    distance: round1(step.distanceM),
  };
}

/** The two longest-driven names of a leg, as OSRM's summary. */
function summaryOf(steps: RouteStep[] | undefined): string {
  if (!steps) return '';
  const byName = new Map<string, number>();
  for (const s of steps) if (s.name) byName.set(s.name, (byName.get(s.name) ?? 0) + s.distanceM);
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([n]) => n);
  const order = steps.map((s) => s.name);
  return top.sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(', ');
}

/** Per-segment annotations of each leg, cut from the route's geometry at the legs' ends. */
function legAnnotations(route: RouteResult, wanted: Set<RouteAnnotation>) {
  const coords = route.geometry.coordinates;
  const seg = route.segmentDurationsS ?? [];
  const out: Array<Record<string, number[] | { datasource_names: string[] }>> = [];
  let k = 0;
  route.legs.forEach((leg, i) => {
    const durations: number[] = [];
    const distances: number[] = [];
    const weights: number[] = [];
    let dist = 0;
    // a leg ends where its distance is used up (the last leg takes the rest)
    while (k < coords.length - 1 && (i === route.legs.length - 1 || dist < leg.distanceM - 0.5)) {
      const d = distanceM(coords[k] as LngLat, coords[k + 1] as LngLat);
      dist += d;
      distances.push(d);
      durations.push(seg[k] ?? 0);
      weights.push(route.segmentWeightsS?.[k] ?? seg[k] ?? 0);
      k++;
    }
    const a: Record<string, number[] | { datasource_names: string[] }> = {};
    if (wanted.has('distance')) a.distance = distances;
    if (wanted.has('duration')) a.duration = durations.map(round1);
    if (wanted.has('speed')) {
      // route_api.hpp: distance over duration to a tenth, and a segment of no duration repeats the speed before it
      let previous = 0;
      a.speed = distances.map((d, j) => (durations[j] > 0 ? (previous = round1(d / durations[j])) : previous));
    }
    if (wanted.has('weight')) a.weight = weights.map(round1);
    if (wanted.has('datasources')) {
      a.datasources = distances.map(() => 0);
      a.metadata = { datasource_names: ['lua profile'] }; // OSRM's name for speeds from the profile, with no traffic update
    }
    if (wanted.has('nodes')) a.nodes = leg.nodeIds ?? (i === 0 ? (route.nodeIds ?? []) : []);
    out.push(a);
  });
  return out;
}

export function osrmRouteBody(route: RouteResult, waypoints: NearestResult[], geometriesOrOptions: OsrmGeometries | RouteBodyOptions, overviewArg?: string) {
  const o: RouteBodyOptions = typeof geometriesOrOptions === 'string' ? { geometries: geometriesOrOptions, overview: overviewArg ?? 'full' } : geometriesOrOptions;
  const duration = round1(route.durationS);
  const annotations = o.annotations && o.annotations.size > 0 ? legAnnotations(route, o.annotations) : undefined;
  return {
    code: 'Ok',
    routes: [
      {
        ...(o.overview === 'false' ? {} : { geometry: osrmGeometry(route.geometry, o.geometries) }),
        legs: route.legs.map((l, i) => ({
          ...(annotations ? { annotation: annotations[i] } : {}),
          steps: o.steps && l.steps ? l.steps.map((s) => osrmStep(s, o.geometries)) : [],
          summary: summaryOf(o.steps ? l.steps : undefined),
          weight: round1(l.weightS ?? l.durationS),
          duration: round1(l.durationS),
          distance: round1(l.distanceM),
        })),
        // car.lua's weight_name; a backend that reports no weight is weighed by duration
        weight_name: route.weightS !== undefined ? 'routability' : 'duration',
        weight: round1(route.weightS ?? route.durationS),
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

export function osrmNearestBody(nearest: NearestResult[], nodes?: Array<[number, number]>) {
  return { code: 'Ok', waypoints: nearest.map((w, i) => ({ nodes: nodes?.[i] ?? [0, 0], ...osrmWaypoint(w) })) };
}
