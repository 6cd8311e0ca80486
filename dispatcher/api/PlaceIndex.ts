import MiniSearch from 'minisearch';
import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import type { PlaceKind, PlaceView } from '../../protocol/pages';
import { romanizeHangul, searchKey } from './romanizeHangul';

/** Most places one search returns. */
export const DEFAULT_PLACE_RESULTS = 8;
/** Typos forgiven: up to this share of a term's letters (terms of 4 letters or more only). */
const FUZZY_SHARE = 0.2;

type LngLat = readonly [number, number];

/** One searchable place as read from the map: a street with its lines, or a landmark or address at one point. */
export interface PlaceSource {
  kind: PlaceKind;
  /** The name as mapped (OSM `name`), shown first. */
  name: string;
  /** Every other name the map has for it (`name:ko`, `name:en`, `name:ko-Latn`, …). */
  otherNames: readonly string[];
  /** The English name when the map has one (shown to Latin readers), else null (a romanization is shown). */
  englishName: string | null;
  /** A street: its stretches; a landmark or address: one line of one point. */
  lines: readonly (readonly LngLat[])[];
}

interface Doc {
  id: number;
  /** Every name, as written. */
  names: string;
  /** The names in standard Revised Romanization (Hangul → Latin), for riders who type what they hear. */
  roman: string;
  /** The names without spaces or hyphens ("olympicro" finds "Olympic-ro"). */
  compact: string;
}

/**
 * The places of the map a rider can search for: streets, landmarks (amenities, shops, sights, named buildings)
 * and addresses, by every name the map has in any language, by their standard romanization, by prefix and with
 * typos forgiven (MiniSearch). A street is long, so it is placed at its point nearest to where the rider is
 * looking (`near`); without a `near` it is placed at the middle of its longest stretch and says so (`placedNear: false`).
 */
export class PlaceIndex {
  private readonly search_: MiniSearch<Doc>;

  /** Per source, its names as search keys (lower case, romanized, no spaces): for exact, prefix and infix matches. */
  private readonly keys: string[][];

  constructor(private readonly sources: readonly PlaceSource[]) {
    this.keys = sources.map((s) => [s.name, ...s.otherNames].map(searchKey));
    this.search_ = new MiniSearch<Doc>({
      fields: ['names', 'roman', 'compact'],
      tokenize: (text) => text.toLowerCase().split(/[\s\-.,'’·()/]+/u).filter(Boolean),
      searchOptions: { boost: { names: 2, compact: 1.5 }, prefix: true, fuzzy: (term) => (term.length >= 4 ? FUZZY_SHARE : false), combineWith: 'AND' },
    });
    this.search_.addAll(
      sources.map((s, id) => {
        const all = [s.name, ...s.otherNames];
        return { id, names: all.join(' '), roman: all.map(romanizeHangul).join(' '), compact: all.map(searchKey).join(' ') };
      }),
    );
  }

  /** The streets of the router's network alone (no landmarks, one name each): for a server started without the extract. */
  static fromNetwork(net: RoadNetwork): PlaceIndex {
    const byName = new Map<number, LngLat[][]>();
    for (let c = 0; c < net.chainCount; c++) {
      const line: LngLat[] = [];
      for (let i = net.chainCoordStart[c]; i < net.chainCoordStart[c + 1]; i++) line.push([net.coordLon[i], net.coordLat[i]]);
      if (line.length < 2) continue;
      const lines = byName.get(net.chainName[c]) ?? [];
      lines.push(line);
      byName.set(net.chainName[c], lines);
    }
    const sources: PlaceSource[] = [];
    for (const [nameIndex, lines] of byName) {
      const name = net.names[nameIndex]?.trim() ?? '';
      // Unnamed ways and route numbers ("3;71") are not places anyone searches for.
      if (!/\p{L}/u.test(name)) continue;
      sources.push({ kind: 'street', name, otherNames: [], englishName: null, lines });
    }
    return new PlaceIndex(sources);
  }

  get size(): number {
    return this.sources.length;
  }

  /**
   * Best matches first (exact names before prefixes before typos); among equals, the nearer to `near`. Each match
   * is placed at its point nearest to `near` when given.
   */
  search(query: string, options: { limit?: number; near?: LngLat } = {}): PlaceView[] {
    const q = query.normalize('NFC').trim();
    if (!/[\p{L}\p{N}]/u.test(q)) return [];
    const near = options.near;
    const key = searchKey(q);
    const scores = new Map<number, number>();
    for (const h of this.search_.search(q)) scores.set(h.id as number, h.score);
    // Word-wise search misses a query that runs two words together or stops mid-syllable ("Songpa dae"): infixes of the keys catch it.
    if (key) this.keys.forEach((ks, id) => ks.some((k) => k.includes(key)) && !scores.has(id) && scores.set(id, 0));
    const hits = [...scores].map(([id, score]) => {
      const source = this.sources[id];
      const ks = this.keys[id];
      // The whole name typed first, then names that start with it, then the rest (infixes, typos).
      const rank = ks.includes(key) ? 0 : ks.some((k) => k.startsWith(key)) ? 1 : 2;
      const at = near ? nearestOn(source.lines, near) : middleOf(source.lines);
      return { source, rank, score, length: source.name.length, at, distance: near ? flatDistanceM(at, near) : 0 };
    });
    // Within a rank a score within 10 % counts as equal, so the nearer (then the shorter) of two equally good names comes first.
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        (Math.abs(a.score - b.score) > 0.1 * Math.max(a.score, b.score) ? b.score - a.score : 0) ||
        KIND_ORDER[a.source.kind] - KIND_ORDER[b.source.kind] ||
        a.distance - b.distance ||
        a.length - b.length,
    );
    return hits.slice(0, options.limit ?? DEFAULT_PLACE_RESULTS).map(({ source, at }) => ({
      name: source.name,
      latin: source.englishName ?? capitalize(romanizeHangul(source.name)),
      location: [round6(at[0]), round6(at[1])],
      kind: source.kind,
      placedNear: near !== undefined || source.kind !== 'street',
    }));
  }
}

/** Of two equal matches, a street before a landmark before an address (a street's name is inside its addresses). */
const KIND_ORDER: Record<PlaceKind, number> = { street: 0, landmark: 1, address: 2 };
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const M_PER_DEG_LAT = 111_320;

/** Metres between two nearby points, on a plane tangent at `b` (enough to rank places a few km apart). */
function flatDistanceM(a: LngLat, b: LngLat): number {
  const kx = M_PER_DEG_LAT * Math.cos((b[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * M_PER_DEG_LAT);
}

/** The point of the lines nearest to p (projected onto each segment). */
export function nearestOn(lines: readonly (readonly LngLat[])[], p: LngLat): LngLat {
  const kx = Math.cos((p[1] * Math.PI) / 180);
  let best: LngLat = lines[0][0];
  let bestD = Infinity;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const a = line[i];
      const b = line[Math.min(i + 1, line.length - 1)];
      const dx = (b[0] - a[0]) * kx;
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (((p[0] - a[0]) * kx) * dx + (p[1] - a[1]) * dy) / len2));
      const q: LngLat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const d = flatDistanceM(q, p);
      if (d < bestD) [best, bestD] = [q, d];
    }
  }
  return best;
}

/** The middle of the longest line (a landmark's one point is its own middle). */
function middleOf(lines: readonly (readonly LngLat[])[]): LngLat {
  let longest = lines[0];
  let longestM = -1;
  for (const line of lines) {
    const m = lengthM(line);
    if (m > longestM) [longest, longestM] = [line, m];
  }
  let left = longestM / 2;
  for (let i = 1; i < longest.length; i++) {
    const d = flatDistanceM(longest[i - 1], longest[i]);
    if (d >= left && d > 0) {
      const t = left / d;
      return [longest[i - 1][0] + (longest[i][0] - longest[i - 1][0]) * t, longest[i - 1][1] + (longest[i][1] - longest[i - 1][1]) * t];
    }
    left -= d;
  }
  return longest[0];
}

function lengthM(line: readonly LngLat[]): number {
  let m = 0;
  for (let i = 1; i < line.length; i++) m += flatDistanceM(line[i - 1], line[i]);
  return m;
}
