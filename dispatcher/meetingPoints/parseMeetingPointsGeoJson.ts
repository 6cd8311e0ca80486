import { z } from 'zod';
import { CodedError } from '../errors/CodedError';
import type { MeetingPoint } from './MeetingPointSet';

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.object({ type: z.literal('Point'), coordinates: lngLat }),
  properties: z
    .object({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional(), source: z.enum(['imported', 'network']).optional() })
    .passthrough()
    .nullable()
    .optional(),
});

const collectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema).max(200_000) });

/** Most meeting points a file may hold. */
export const MAX_MEETING_POINTS = 200_000;

/**
 * Meeting points from a GeoJSON FeatureCollection of Points (a planner's list of safe curbs, or the file
 * `anystop meeting-points derive` wrote). The id is the feature's id, else properties.id, else its position in the
 * file; `properties.source` says whether it was derived (default: imported). Throws InvalidMeetingPoints naming the
 * first bad feature.
 */
export function parseMeetingPointsGeoJson(json: unknown): MeetingPoint[] {
  const parsed = collectionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodedError('InvalidMeetingPoints', `Not a FeatureCollection of Points at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'invalid'}`);
  }
  const seen = new Set<string>();
  return parsed.data.features.map((f, i) => {
    const id = String(f.id ?? f.properties?.id ?? `mp-${i + 1}`);
    if (seen.has(id)) throw new CodedError('InvalidMeetingPoints', `Meeting point id ${id} appears twice; give every feature its own id`);
    seen.add(id);
    return { id, location: [f.geometry.coordinates[0], f.geometry.coordinates[1]] as const, source: f.properties?.source ?? 'imported', name: f.properties?.name ?? '' };
  });
}

/** The points as a GeoJSON FeatureCollection (what `meeting-points derive` writes and the import reads back). */
export function meetingPointsGeoJson(points: readonly MeetingPoint[]): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({ type: 'Feature', id: p.id, geometry: { type: 'Point', coordinates: [p.location[0], p.location[1]] }, properties: { name: p.name, source: p.source } })),
  };
}
