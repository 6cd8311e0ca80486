/**
 * GraphHopper Directions API bodies as documented (docs.graphhopper.com; graphhopper docs/web/api-doc.md),
 * the parts Anystop reads. Route times are milliseconds, matrix times seconds; distances metres;
 * coordinates [lon, lat] with points_encoded=false.
 */

export interface GraphHopperLineString {
  type: 'LineString';
  coordinates: number[][];
}

export interface GraphHopperInstruction {
  distance: number;
  /** Milliseconds. */
  time: number;
  /** First and last index into path.points. */
  interval: [number, number];
  /** 4 = finish, 5 = via point reached. */
  sign: number;
  text: string;
  street_name?: string;
}

/** A path detail entry: [fromPointIndex, toPointIndex, value]. */
export type GraphHopperDetail = [number, number, number];

export interface GraphHopperPath {
  distance: number;
  /** Milliseconds. */
  time: number;
  weight?: number;
  points_encoded: boolean;
  points: GraphHopperLineString;
  /** Where each point was snapped; optional in the schema, and absent from the docs' own example. */
  snapped_waypoints?: GraphHopperLineString;
  bbox?: [number, number, number, number];
  instructions?: GraphHopperInstruction[];
  /** With details: ['leg_time', 'leg_distance'], one entry per leg; leg_time in milliseconds. */
  details?: { leg_time?: GraphHopperDetail[]; leg_distance?: GraphHopperDetail[] };
  ascend?: number;
  descend?: number;
  transfers?: number;
  legs?: unknown[];
}

export interface GraphHopperRouteBody {
  paths: GraphHopperPath[];
  info?: { copyrights: string[]; took: number };
  hints?: Record<string, unknown>;
}

export interface GraphHopperMatrixBody {
  /** Seconds; null where no route exists (fail_fast=false). */
  times?: (number | null)[][];
  /** Metres; null where no route exists (fail_fast=false). */
  distances?: (number | null)[][];
  weights?: (number | null)[][];
  info?: { copyrights: string[]; took: number };
  hints?: { message: string; details?: string; invalid_from_points?: number[]; invalid_to_points?: number[]; point_pairs?: number[][] }[];
}

/** Every error: HTTP 4xx/5xx with `{"message": "...", "hints": [{"message": "...", "details": "..."}]}`. */
export interface GraphHopperErrorBody {
  message: string;
  hints?: { message: string; details?: string; point_index?: number }[];
}

/** paths[0] with time, distance and points as coordinates (the client has decoded an encoded polyline by then). */
export function hasRouteShape(body: unknown): body is GraphHopperRouteBody {
  const path = (body as Partial<GraphHopperRouteBody> | null)?.paths?.[0];
  return !!path && typeof path.time === 'number' && typeof path.distance === 'number' && Array.isArray(path.points?.coordinates);
}

export function hasMatrixShape(body: unknown): body is GraphHopperMatrixBody & Required<Pick<GraphHopperMatrixBody, 'times' | 'distances'>> {
  const b = body as Partial<GraphHopperMatrixBody> | null;
  return Array.isArray(b?.times) && Array.isArray(b?.distances);
}
