import { osmElements } from '../../routing/builtin/osm/osmElements';
import type { PlaceSource } from './PlaceIndex';

type Tags = Record<string, string>;
type LngLat = [number, number];

/** Name tags read, besides `name`: every language the extract may carry for Seoul, and the romanized one. */
const NAME_KEYS = ['name:ko', 'name:en', 'name:ko-Latn', 'name:ko_rm', 'alt_name', 'old_name', 'official_name', 'short_name'];
/** Tags that make a named thing a landmark a rider may head for. */
const LANDMARK_KEYS = ['amenity', 'shop', 'tourism', 'leisure', 'office', 'healthcare', 'railway', 'public_transport', 'building', 'historic', 'place'];
/** Roads a rider can be picked up on (not motorways: nobody waits there). */
const STREET_HIGHWAYS = new Set(['trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service', 'pedestrian', 'primary_link', 'secondary_link', 'tertiary_link', 'road']);

interface WayDraft {
  kind: 'street' | 'landmark' | 'address';
  tags: Tags;
  refs: number[];
}

/**
 * The places of an .osm.pbf extract a rider can search for, read in two passes (the ways, then only the nodes
 * they use and the named nodes): streets (named highways, grouped by name, with all their stretches), landmarks
 * (named amenities, shops, sights, stations, named buildings; a way's centre) and addresses (`addr:street` with
 * `addr:housenumber`), each with every name the map has.
 */
export async function readOsmPlaces(file: string): Promise<PlaceSource[]> {
  const ways: WayDraft[] = [];
  const wanted = new Set<number>();
  for await (const el of osmElements(file, { node: false, way: true, relation: false })) {
    if (el.type !== 'way' || !el.tags || !el.refs || el.refs.length === 0) continue;
    const kind = classify(el.tags, true);
    if (!kind) continue;
    ways.push({ kind, tags: el.tags, refs: el.refs });
    for (const r of el.refs) wanted.add(r);
  }
  const coords = new Map<number, LngLat>();
  const places: PlaceSource[] = [];
  for await (const el of osmElements(file, { node: true, way: false, relation: false })) {
    if (el.type !== 'node' || el.id === undefined || el.lon === undefined || el.lat === undefined) continue;
    if (wanted.has(el.id)) coords.set(el.id, [el.lon, el.lat]);
    const kind = el.tags ? classify(el.tags, false) : null;
    if (kind && el.tags) places.push(...sourcesOf(kind, el.tags, [[[el.lon, el.lat]]]));
  }
  const streets = new Map<string, { tags: Tags; lines: LngLat[][] }>();
  for (const w of ways) {
    const line = w.refs.map((r) => coords.get(r)).filter((p): p is LngLat => p !== undefined);
    if (line.length === 0) continue;
    if (w.kind === 'street') {
      const name = w.tags.name.trim();
      const street = streets.get(name) ?? { tags: {}, lines: [] };
      // Stretches of one street carry different subsets of its names: keep them all.
      Object.assign(street.tags, w.tags);
      street.lines.push(line);
      streets.set(name, street);
    } else {
      places.push(...sourcesOf(w.kind, w.tags, [[centre(line)]]));
    }
  }
  for (const { tags, lines } of streets.values()) places.push(...sourcesOf('street', tags, lines));
  // An address is also found by its street's other names: "Olympic-ro 424" for 올림픽로 424.
  return places.map((p) => {
    if (p.kind !== 'address') return p;
    const cut = p.name.lastIndexOf(' ');
    const street = streets.get(p.name.slice(0, cut));
    if (!street) return p;
    const number = p.name.slice(cut + 1);
    const en = street.tags['name:en']?.trim();
    const others = NAME_KEYS.map((k) => street.tags[k]?.trim()).filter((n): n is string => !!n && n !== p.name.slice(0, cut));
    return { ...p, otherNames: [...new Set(others)].map((n) => `${n} ${number}`), englishName: en ? `${en} ${number}` : null };
  });
}

function classify(tags: Tags, isWay: boolean): WayDraft['kind'] | null {
  const named = /\p{L}/u.test(tags.name ?? '');
  if (isWay && named && tags.highway && STREET_HIGHWAYS.has(tags.highway)) return 'street';
  if (named && LANDMARK_KEYS.some((k) => tags[k] !== undefined && tags[k] !== 'no')) return 'landmark';
  if (tags['addr:street'] && tags['addr:housenumber']) return 'address';
  return null;
}

/** A landmark with an address is found by both: its name, and "올림픽로 424". */
function sourcesOf(kind: WayDraft['kind'], tags: Tags, lines: LngLat[][]): PlaceSource[] {
  const out: PlaceSource[] = [];
  if (kind !== 'address') {
    const others = NAME_KEYS.map((k) => tags[k]?.trim()).filter((n): n is string => !!n && n !== tags.name.trim());
    out.push({ kind, name: tags.name.trim(), otherNames: [...new Set(others)], englishName: tags['name:en']?.trim() || null, lines });
  }
  const street = tags['addr:street'];
  const number = tags['addr:housenumber'];
  if (street && number) out.push({ kind: 'address', name: `${street} ${number}`, otherNames: [], englishName: null, lines });
  return out;
}

function centre(line: LngLat[]): LngLat {
  // A closed way repeats its first node: count it once.
  const ring = line.length > 1 && line[0][0] === line[line.length - 1][0] && line[0][1] === line[line.length - 1][1] ? line.slice(1) : line;
  const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return [lon, lat];
}
