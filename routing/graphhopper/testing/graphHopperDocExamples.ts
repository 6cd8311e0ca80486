/**
 * GraphHopper answers with GraphHopper's own numbers, for the backend's tests: the example bodies of GraphHopper's
 * API documentation, copied as printed, and variants built from them where the documentation describes a shape
 * without printing one (each says which). Nothing here comes from OSRM.
 */
export interface DocumentedAnswer {
  /** Where the body comes from. */
  source: string;
  status: number;
  body: unknown;
}

/**
 * The routing example of GraphHopper's Routing API docs (github.com/graphhopper/directions-api, docs-routing.md,
 * "Example output for the case type=json"): a 2,138 m drive in Berlin, time in milliseconds, points as an encoded
 * polyline (lat, lon, 1e-5), German instructions ending with the finish sign 4. That API version sent no
 * snapped_waypoints and no path details.
 */
export const ROUTE_EXAMPLE: DocumentedAnswer = {
  source: 'graphhopper/directions-api docs-routing.md, example output for type=json',
  status: 200,
  body: {
    info: { took: 4 },
    paths: [
      {
        bbox: [13.362853824187303, 52.469481955531585, 13.385836736460217, 52.473849308838446],
        distance: 2138.3027624572337,
        instructions: [
          { distance: 1268.519329705091, interval: [0, 10], sign: 0, text: 'Geradeaus auf A 100', time: 65237 },
          { distance: 379.74399999999997, interval: [10, 11], sign: 0, text: 'Geradeaus auf Strasse', time: 24855 },
          { distance: 16.451, interval: [11, 11], sign: 0, text: 'Geradeaus auf Tempelhofer Damm', time: 1316 },
          { distance: 473.58843275214315, interval: [11, 12], sign: -2, text: 'Links abbiegen auf Tempelhofer Damm, B 96', time: 37882 },
          { distance: 0, interval: [12, 12], sign: 4, text: 'Ziel erreicht!', time: 0 },
        ],
        points: 'oxg_Iy|ppAl@wCdE}LfFsN|@_Ej@eEtAaMh@sGVuDNcDb@{PFyGdAi]FoC?q@sXQ_@?',
        points_encoded: true,
        time: 129290,
      },
    ],
  },
};

/**
 * ROUTE_EXAMPLE with the snapped_waypoints every current answer carries (the schema's RouteResponsePath lists them;
 * graphhopper-js-api-client decodes them unconditionally and fails on an encoded answer without them). Built here:
 * the snapped points are the first and last of the documented polyline, encoded the same way.
 */
export function routeExampleWithSnappedWaypoints(encodedEnds: string): DocumentedAnswer {
  const example = (ROUTE_EXAMPLE.body as { paths: Array<Record<string, unknown>> }).paths[0]!;
  return {
    source: 'ROUTE_EXAMPLE plus snapped_waypoints (built from docs-routing.md)',
    status: 200,
    body: { info: { took: 4 }, paths: [{ ...example, snapped_waypoints: encodedEnds }] },
  };
}

/**
 * ROUTE_EXAMPLE as today's API sends it with points_encoded=false and elevation=true (the docs: "paths[0].points
 * contains the geo json of the path (then order is lon,lat,elevation)"), and with the snapped_waypoints every
 * current answer carries. Built here: the coordinates are the documented polyline decoded, the elevations (m) are
 * ours; every other number is the documented one.
 */
export function routeExampleAsGeoJson(decoded: ReadonlyArray<readonly [number, number]>): DocumentedAnswer {
  const example = (ROUTE_EXAMPLE.body as { paths: Array<Record<string, unknown>> }).paths[0]!;
  const withElevation = decoded.map(([lon, lat], i) => [lon, lat, 34 + i * 0.5]);
  return {
    source: 'ROUTE_EXAMPLE re-encoded as GeoJSON with elevation (built from docs-routing.md)',
    status: 200,
    body: {
      info: { took: 4 },
      paths: [
        {
          ...example,
          points_encoded: false,
          points: { type: 'LineString', coordinates: withElevation },
          snapped_waypoints: { type: 'LineString', coordinates: [withElevation[0], withElevation[withElevation.length - 1]] },
        },
      ],
    },
  };
}

/**
 * The Matrix API docs' example (github.com/graphhopper/directions-api, docs-matrix.md, "4 points were specified and
 * out_array=distances&out_array=times&out_array=weights"): times in whole seconds, distances in whole metres,
 * weights in GraphHopper's own unit.
 */
export const MATRIX_EXAMPLE: DocumentedAnswer = {
  source: 'graphhopper/directions-api docs-matrix.md, Matrix API example (4 points)',
  status: 200,
  body: {
    weights: [[0.0, 449.753, 298.715, 664.113], [447.935, 0.0, 290.489, 543.242], [293.111, 283.954, 0.0, 452.725], [658.792, 537.769, 451.928, 0.0]],
    times: [[0, 5831, 3873, 8610], [5808, 0, 3766, 7043], [3800, 3681, 0, 5869], [8541, 6972, 5859, 0]],
    distances: [[0, 119124, 79156, 199907], [108691, 0, 63641, 142487], [79044, 71409, 0, 132215], [198852, 141322, 131953, 0]],
    info: { copyrights: ['GraphHopper', 'OpenStreetMap contributors'], took: 0.024203006 },
  },
};

/**
 * MATRIX_EXAMPLE with fail_fast=false where point 1 cannot reach point 2, shaped as the MatrixResponse schema of
 * docs.graphhopper.com describes (times, distances, weights: "If fail_fast=false the matrix will contain null for
 * connections that could not be found"; hints[].point_pairs: "two-element arrays representing the from/to_point
 * indices of points for which no connection could be found"). Built here: the nulls and the hint; the message is the
 * text of GraphHopper's ConnectionNotFoundException.
 */
export const MATRIX_UNREACHABLE: DocumentedAnswer = (() => {
  const b = MATRIX_EXAMPLE.body as { weights: number[][]; times: number[][]; distances: number[][]; info: unknown };
  const cut = <T>(m: T[][]) => m.map((row, i) => row.map((v, j) => (i === 1 && j === 2 ? null : v)));
  return {
    source: 'MATRIX_EXAMPLE with one unreachable pair, per the MatrixResponse schema (fail_fast=false)',
    status: 200,
    body: {
      weights: cut(b.weights),
      times: cut(b.times),
      distances: cut(b.distances),
      info: b.info,
      hints: [{ message: 'Connection between locations not found', details: 'com.graphhopper.util.exceptions.ConnectionNotFoundException', point_pairs: [[1, 2]] }],
    },
  };
})();

/**
 * The error of the Directions API overview (github.com/graphhopper/directions-api README.md, "HTTP Error codes",
 * Output): HTTP 400 with `message` and `hints`. The docs print the hint as a placeholder ("something"); GraphHopper's
 * servers repeat the message there with the exception class as details, as here.
 */
export const ERROR_POINT_NOT_FOUND: DocumentedAnswer = {
  source: 'graphhopper/directions-api README.md, HTTP error codes output (hint filled as servers send it)',
  status: 400,
  body: {
    message: 'Cannot find point 2: 2248.224673, 3.867187',
    hints: [{ message: 'Cannot find point 2: 2248.224673, 3.867187', details: 'com.graphhopper.util.exceptions.PointNotFoundException' }],
  },
};

/** The same error exactly as the docs print it, placeholder hint and all. */
export const ERROR_AS_PRINTED: DocumentedAnswer = {
  source: 'graphhopper/directions-api README.md, HTTP error codes output, verbatim',
  status: 400,
  body: { message: 'Cannot find point 2: 2248.224673, 3.867187', hints: [{ message: 'something' }] },
};
