import { OsrmRecordings } from './OsrmRecordings';

/**
 * The recordings with one pair made unreachable: Songpa table point 0 → point 1 is null, as OSRM
 * sends a pair with no route. No real recording has one, and the null must survive every backend.
 * Raw table exchanges are left out so tables are answered from the edited city table.
 */
export function withUnreachablePair(base = OsrmRecordings.load()): OsrmRecordings {
  const cities = base.cities.map((city) => {
    if (city.name !== 'seoul-songpa') return city;
    const gap = (m: (number | null)[][]) => m.map((row, i) => row.map((v, j) => (i === 0 && j === 1 ? null : v)));
    return { ...city, table: { ...city.table, durations: gap(city.table.durations), distances: gap(city.table.distances) } };
  });
  return new OsrmRecordings(base.raw.filter((x) => !x.request.startsWith('/table/')), cities);
}
