import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import { pointAlong } from '../../routing/builtin/graph/chainGeometry';
import type { PlaceView } from '../../protocol/pages';
import { romanizeHangul, searchKey } from './romanizeHangul';

/** Most places one search returns. */
export const DEFAULT_PLACE_RESULTS = 8;

interface Entry {
  place: PlaceView;
  keys: string[];
}

/**
 * The streets of the router's road network, searchable by name in Hangul or Latin letters. Each street is
 * placed at the middle of its longest stretch, so a rider who picks it lands on that street.
 */
export class PlaceIndex {
  private readonly entries: Entry[];

  constructor(entries: PlaceView[]) {
    this.entries = entries.map((place) => ({ place, keys: [searchKey(place.name), searchKey(place.latin)] }));
  }

  static fromNetwork(net: RoadNetwork): PlaceIndex {
    const longest = new Map<number, number>();
    for (let c = 0; c < net.chainCount; c++) {
      const name = net.chainName[c];
      const best = longest.get(name);
      if (best === undefined || net.chainLengthM[c] > net.chainLengthM[best]) longest.set(name, c);
    }
    const places: PlaceView[] = [];
    for (const [nameIndex, c] of longest) {
      const name = net.names[nameIndex]?.trim() ?? '';
      // Unnamed ways and route numbers ("3;71") are not places anyone searches for.
      if (!/\p{L}/u.test(name)) continue;
      const mid = pointAlong(net, c, net.chainLengthM[c] / 2);
      places.push({ name, latin: capitalize(romanizeHangul(name)), location: [round6(mid[0]), round6(mid[1])] });
    }
    places.sort((a, b) => a.name.localeCompare(b.name, 'ko'));
    return new PlaceIndex(places);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Names starting with the query first, then names containing it; shorter names first within each. */
  search(query: string, limit = DEFAULT_PLACE_RESULTS): PlaceView[] {
    const q = searchKey(query);
    if (!q) return [];
    const scored: { rank: number; length: number; place: PlaceView }[] = [];
    for (const e of this.entries) {
      let rank = Infinity;
      for (const key of e.keys) {
        if (key.startsWith(q)) rank = Math.min(rank, 0);
        else if (key.includes(q)) rank = Math.min(rank, 1);
      }
      if (rank !== Infinity) scored.push({ rank, length: e.place.name.length, place: e.place });
    }
    scored.sort((a, b) => a.rank - b.rank || a.length - b.length || a.place.name.localeCompare(b.place.name, 'ko'));
    return scored.slice(0, limit).map((s) => s.place);
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
