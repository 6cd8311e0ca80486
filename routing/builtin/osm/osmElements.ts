import { createOSMStream } from 'osm-pbf-parser-node';

/** One element as osm-pbf-parser-node yields it (the fields the readers use). */
export interface OsmElement {
  type?: string;
  id?: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  tags?: Record<string, string>;
  members?: Array<{ type: string; ref: number; role: string }>;
}

/** Per element kind: no tags, every tag, or only these keys. */
export type WithTags = boolean | string[];

/**
 * The elements of an .osm.pbf file, streamed. The parser yields a header object first, then elements, with tags
 * only where asked; callers check `type` before using an element.
 */
export function osmElements(file: string, withTags: { node: WithTags; way: WithTags; relation: WithTags }): AsyncIterable<OsmElement> {
  return createOSMStream(file, { withTags, withInfo: false }) as unknown as AsyncIterable<OsmElement>;
}
