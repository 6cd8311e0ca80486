/**
 * The few SQL shapes every repository repeats. Points travel as one float8[] parameter `[lon, lat]` and come back
 * the same way; times travel as epoch seconds (float8) and are timestamptz inside.
 */

/** A geography point from parameter $n holding `[lon, lat]` (NULL stays NULL). */
export function pointParam(n: number): string {
  return `ST_SetSRID(ST_MakePoint(($${n}::float8[])[1], ($${n}::float8[])[2]), 4326)::geography`;
}

/** A timestamptz from parameter $n holding epoch seconds (NULL stays NULL). */
export function timeParam(n: number): string {
  return `to_timestamp($${n}::float8)`;
}

/** `[lon, lat]` of a geography column as float8[], or NULL. */
export function lngLatColumn(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE ARRAY[ST_X(${column}::geometry), ST_Y(${column}::geometry)] END`;
}

/** Epoch seconds of a timestamptz column as float8, or NULL. */
export function epochColumn(column: string): string {
  return `extract(epoch FROM ${column})::float8`;
}
