import { sharedPath } from '../../test-support/sharedData';
import { PlaceIndex } from './PlaceIndex';
import { readOsmPlaces } from './readOsmPlaces';

/** The demo city's extract (Songpa): its own names in Korean, English and romanized, its landmarks and addresses. */
let places: PlaceIndex;
beforeAll(async () => {
  places = new PlaceIndex(await readOsmPlaces(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')));
});

const JAMSIL_STATION: [number, number] = [127.1002, 37.5133];
const OLYMPIC_PARK: [number, number] = [127.1214, 37.5206];

describe('the Songpa place search', () => {
  test('Olympic-ro is found by its English name, its Hangul, its romanization and a typo, and is the street first', () => {
    for (const q of ['Olympic-ro', 'olympic ro', '올림픽로', 'Ollimpingno', 'Olympik-ro']) {
      const [first] = places.search(q, { near: OLYMPIC_PARK });
      expect({ q, name: first.name, kind: first.kind }).toEqual({ q, name: '올림픽로', kind: 'street' });
    }
    expect(places.search('Olympic-ro')[0].latin).toBe('Olympic-ro');
  });

  test('Jamsil-ro is found in Latin letters', () => {
    const [first] = places.search('Jamsil-ro', { near: JAMSIL_STATION });
    expect(first).toMatchObject({ name: '잠실로', kind: 'street' });
  });

  test('a landmark of the extract is found by its English name and sits where it is mapped', () => {
    const [hotel] = places.search('Olympic Parktel');
    expect(hotel).toMatchObject({ name: '서울올림픽파크텔', kind: 'landmark', latin: 'Seoul Olympic Parktel', placedNear: true });
    expect(Math.abs(hotel.location[0] - 127.12)).toBeLessThan(0.02);
  });

  test('an address is found by its Korean and its English street name with the house number', () => {
    const korean = places.search('올림픽로 448');
    const english = places.search('Olympic-ro 448');
    expect(korean.some((p) => p.kind === 'address' && p.name === '올림픽로 448')).toBe(true);
    expect(english[0]).toMatchObject({ kind: 'address', name: '올림픽로 448', latin: 'Olympic-ro 448' });
  });

  test('one long street is placed near each of two riders, never at one fixed middle', () => {
    const west = places.search('Olympic-ro', { near: JAMSIL_STATION })[0];
    const east = places.search('Olympic-ro', { near: OLYMPIC_PARK })[0];
    expect(west.placedNear && east.placedNear).toBe(true);
    expect(east.location[0] - west.location[0]).toBeGreaterThan(0.01);
  });

  test('nothing to search for finds nothing', () => {
    expect(places.search('  ')).toEqual([]);
    expect(places.search('---')).toEqual([]);
  });
});
