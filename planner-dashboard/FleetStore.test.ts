import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import { FleetStore, mercatorX, mercatorY } from './FleetStore';

const ACTIVITIES: VehicleActivity[] = ['idle', 'to_pickup', 'carrying', 'off_shift'];

function vehicle(k: number, over: Partial<FleetVehicleView> = {}): FleetVehicleView {
  return { id: `v${k}`, location: [127 + k * 1e-4, 37.5 - k * 1e-4], headingDeg: null, activity: ACTIVITIES[k % 4], onBoard: k % 3, stops: k % 5, atS: 100, ...over };
}

/** Every vehicle the store holds, as id → what it knows, read back through its slots. */
function contents(store: FleetStore): Map<string, { lng: number; lat: number; activity: VehicleActivity; onBoard: number; stops: number }> {
  const out = new Map<string, { lng: number; lat: number; activity: VehicleActivity; onBoard: number; stops: number }>();
  for (let slot = 0; slot < store.size; slot++) {
    const id = store.id(slot);
    if (store.slotOf(id) !== slot) throw new Error(`${id} is in slot ${slot} but its id says ${store.slotOf(id)}`);
    out.set(id, { lng: store.lng[slot], lat: store.lat[slot], activity: store.activityOf(slot), onBoard: store.onBoard[slot], stops: store.stops[slot] });
  }
  return out;
}

function expectHolds(store: FleetStore, vehicles: FleetVehicleView[]): void {
  const held = contents(store);
  expect(held.size).toBe(vehicles.length);
  const wrong: string[] = [];
  for (const v of vehicles) {
    const h = held.get(v.id);
    if (!h || h.lng !== v.location[0] || h.lat !== v.location[1] || h.activity !== v.activity || h.onBoard !== v.onBoard || h.stops !== v.stops) wrong.push(`${v.id}: ${JSON.stringify(h)}`);
  }
  expect(wrong).toEqual([]);
  const counts = { idle: 0, to_pickup: 0, carrying: 0, off_shift: 0 };
  for (const v of vehicles) counts[v.activity]++;
  expect(store.counts()).toEqual(counts);
}

describe('FleetStore', () => {
  test('a first fleet of 10,000 adds every vehicle; the same message again changes nothing', () => {
    const store = new FleetStore();
    const fleet = Array.from({ length: 10_000 }, (_, k) => vehicle(k));
    expect(store.setFleet(fleet)).toEqual({ added: 10_000, moved: 0, restyled: 0, removed: 0, countsChanged: true });
    expectHolds(store, fleet);
    expect(store.setFleet(fleet.map((v) => ({ ...v })))).toEqual({ added: 0, moved: 0, restyled: 0, removed: 0, countsChanged: false });
    expectHolds(store, fleet);
  });

  test('moves and new activities are counted and kept; a move alone leaves the counts alone', () => {
    const store = new FleetStore();
    const fleet = Array.from({ length: 100 }, (_, k) => vehicle(k));
    store.setFleet(fleet);
    const moved = fleet.map((v, k) => (k % 10 === 0 ? { ...v, location: [v.location[0] + 0.01, v.location[1]] as [number, number] } : v));
    expect(store.setFleet(moved)).toEqual({ added: 0, moved: 10, restyled: 0, removed: 0, countsChanged: false });
    expectHolds(store, moved);
    const restyled = moved.map((v, k) => (k < 7 ? { ...v, activity: 'carrying' as const, onBoard: 2 } : v));
    expect(store.setFleet(restyled).restyled).toBe(7 - 2); // v2 and v6 were carrying already
    expectHolds(store, restyled);
  });

  test('vehicles missing from a message leave, wherever their slots were, and the others keep theirs right', () => {
    const store = new FleetStore();
    const fleet = Array.from({ length: 1000 }, (_, k) => vehicle(k));
    store.setFleet(fleet);
    // Gone: the first, the last, every seventh and a run in the middle; two newcomers.
    const kept = fleet.filter((_, k) => k !== 0 && k !== 999 && k % 7 !== 3 && !(k >= 400 && k < 450));
    const next = [...kept, vehicle(5000), vehicle(5001)];
    const change = store.setFleet(next);
    expect(change).toEqual({ added: 2, moved: 0, restyled: 0, removed: 1000 - kept.length, countsChanged: true });
    expectHolds(store, next);
    expect(store.setFleet([]).removed).toBe(next.length);
    expectHolds(store, []);
  });

  test('changes alone (fleet_changes) update, add and remove just the vehicles named, and end as the whole fleet would', () => {
    const store = new FleetStore();
    const fleet = Array.from({ length: 500 }, (_, k) => vehicle(k));
    store.setFleet(fleet);
    const changed = [vehicle(3, { location: [127.5, 37.4] }), vehicle(9, { activity: 'carrying', onBoard: 1 }), vehicle(900)];
    const gone = ['v0', 'v499', 'v250', 'nobody'];
    expect(store.applyChanges(changed, gone)).toEqual({ added: 1, moved: 1, restyled: 1, removed: 3, countsChanged: true });
    const byId = new Map(fleet.map((v) => [v.id, v]));
    for (const v of changed) byId.set(v.id, v);
    for (const id of gone) byId.delete(id);
    expectHolds(store, [...byId.values()]);
    const whole = new FleetStore();
    whole.setFleet([...byId.values()]);
    expect(contents(whole)).toEqual(contents(store));
  });

  test('a fix moves its vehicle only', () => {
    const store = new FleetStore();
    const fleet = Array.from({ length: 5 }, (_, k) => vehicle(k));
    store.setFleet(fleet);
    expect(store.move('v3', [127.2, 37.6])).toBe(true);
    expect(store.move('nobody', [127.2, 37.6])).toBe(false);
    expectHolds(store, fleet.map((v) => (v.id === 'v3' ? { ...v, location: [127.2, 37.6] } : v)));
    const slot = store.slotOf('v3')!;
    expect([store.mx[slot], store.my[slot]]).toEqual([mercatorX(127.2), mercatorY(37.6)]);
  });
});

describe('Web Mercator fractions', () => {
  test('agree with the slippy-map tile formula (EPSG:3857, as Leaflet projects)', () => {
    for (const [lng, lat] of [[0, 0], [127.1059, 37.5145], [-74.006, 40.7128], [151.2093, -33.8688], [179.9, 84]]) {
      const rad = (lat * Math.PI) / 180;
      expect(mercatorX(lng)).toBeCloseTo((lng + 180) / 360, 12);
      expect(mercatorY(lat)).toBeCloseTo((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2, 12);
    }
    // Clamped at Leaflet's limit: the poles stay on the map.
    expect(mercatorY(90)).toBeCloseTo(0, 9);
    expect(mercatorY(-90)).toBeCloseTo(1, 9);
  });
});
