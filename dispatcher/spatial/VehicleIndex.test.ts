import { LocalProjection } from '../../routing/geo';
import { VehicleIndex } from './VehicleIndex';
import { Random } from '../optimizer/Random';

// Near Seoul (37.5° N): 0.001° of longitude ≈ 88 m, 0.001° of latitude ≈ 111 m.
const LAT = 37.5;
const east = (m: number): [number, number] => [127 + m / 88_200, LAT];

describe('finding the vehicles near a pickup', () => {
  const index = new VehicleIndex(LAT);
  // Five vehicles on a line east of the pickup, 1, 2, 3, 4 and 20 km out; e2's next stop lies back at 0.5 km.
  index.upsert('e1', [east(1000)]);
  index.upsert('e2', [east(2000), east(500)]);
  index.upsert('e3', [east(3000)]);
  index.upsert('e4', [east(4000)]);
  index.upsert('e20', [east(20_000)]);

  test('the nearest boxes come first, at most as many as asked', () => {
    expect(index.near(east(0), 50_000, 3)).toEqual(['e2', 'e1', 'e3']);
  });

  test('with a filter, the walk goes past the vehicles it refuses and still fills the limit in order', () => {
    // the re-optimizer asks for the nearest vehicles not yet visited
    expect(index.near(east(0), 50_000, 2, (id) => id !== 'e2' && id !== 'e1')).toEqual(['e3', 'e4']);
    expect(index.near(east(0), 5_000, 10, (id) => id === 'e20')).toEqual([]);
  });

  test('a vehicle beyond the radius is never a candidate, however few are nearer', () => {
    expect(index.near(east(0), 5_000, 10)).toEqual(['e2', 'e1', 'e3', 'e4']);
  });

  test('a zero radius finds only the boxes that contain the point', () => {
    expect(index.near(east(1000), 0, 10).sort()).toEqual(['e1', 'e2']);
  });

  test('a removed vehicle is no longer found', () => {
    index.remove('e2');
    expect(index.near(east(0), 50_000, 2)).toEqual(['e1', 'e3']);
  });
});

describe('vehicles moving inside their box in the tree', () => {
  test('one that moved a few metres farther than another is found after it, though the tree was not touched', () => {
    const index = new VehicleIndex(LAT, 100);
    index.upsert('a', [east(1000)]);
    index.upsert('b', [east(1040)]);
    expect(index.near(east(0), 5_000, 1)).toEqual(['a']);
    index.upsert('a', [east(1080)]); // 80 m: inside a's slack
    expect(index.near(east(0), 5_000, 1)).toEqual(['b']);
    expect(index.near(east(0), 5_000, 2)).toEqual(['b', 'a']);
  });

  test('of the boxes holding the pickup, the nearest vehicle comes first, however the boxes were inserted', () => {
    const index = new VehicleIndex(LAT, 100);
    // Three vehicles whose stops span the pickup at 0: the box of each holds it.
    index.upsert('far', [east(900), east(-900)]);
    index.upsert('near', [east(200), east(-1500)]);
    index.upsert('mid', [east(-500), east(1200)]);
    expect(index.near(east(0), 5_000, 3)).toEqual(['near', 'mid', 'far']);
    index.upsert('far', [east(100), east(-900)]); // moved in its box, now the nearest
    expect(index.near(east(0), 5_000, 2)).toEqual(['far', 'near']);
  });

  test('one that moved out of the radius inside its slack is no candidate', () => {
    const index = new VehicleIndex(LAT, 100);
    index.upsert('a', [east(4_950)]);
    expect(index.near(east(0), 5_000, 10)).toEqual(['a']);
    index.upsert('a', [east(5_040)]);
    expect(index.near(east(0), 5_000, 10)).toEqual([]);
  });

  test('after random moves and stops served, every answer is the brute-force one: true boxes within the radius, nearest first', () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const index = new VehicleIndex(LAT, 100);
    const at = new Map<string, Array<[number, number]>>();
    const place = () => east(rand() * 20_000).map((c, i) => (i === 1 ? c + rand() * 0.1 : c)) as [number, number];
    const near = (p: [number, number]): [number, number] => [p[0] + (rand() - 0.5) * 0.02, p[1] + (rand() - 0.5) * 0.02];
    for (let v = 0; v < 300; v++) {
      const pos = place();
      at.set(`v${v}`, [pos, ...Array.from({ length: Math.floor(rand() * 3) }, () => near(pos))]);
    }
    const local = new LocalProjection(LAT);
    const proj = (p: [number, number]) => [local.x(p[0]), local.y(p[1])];
    /** Each vehicle's true box distance from q (m), and its position's. */
    const distances = (q: [number, number]) => {
      const [qx, qy] = proj(q);
      return [...at.entries()].map(([id, pts]) => {
        const xy = pts.map(proj);
        const [x0, x1] = [Math.min(...xy.map((p) => p[0])), Math.max(...xy.map((p) => p[0]))];
        const [y0, y1] = [Math.min(...xy.map((p) => p[1])), Math.max(...xy.map((p) => p[1]))];
        return { id, box: Math.hypot(Math.max(x0 - qx, 0, qx - x1), Math.max(y0 - qy, 0, qy - y1)), own: Math.hypot(xy[0][0] - qx, xy[0][1] - qy) };
      });
    };
    let moved = 0;
    let compared = 0;
    for (let round = 0; round < 30; round++) {
      for (const [id, pts] of at) {
        const step = (rand() - 0.5) * 60; // up to 30 m a fix, east or west
        const pos: [number, number] = [pts[0][0] + step / 88_200, pts[0][1] + ((rand() - 0.5) * 30) / 111_195];
        const stops = rand() < 0.05 ? pts.slice(2) : pts.slice(1); // now and then a stop is served
        at.set(id, [pos, ...stops]);
        index.upsert(id, at.get(id)!);
        moved++;
      }
      for (let k = 0; k < 5; k++) {
        const q = place();
        const radius = 500 + rand() * 5_000;
        const limit = 1 + Math.floor(rand() * 20);
        // The nearest `limit` true boxes within the radius, nearest first; boxes holding the point (at 0), nearest vehicle first.
        const want = distances(q)
          .filter((e) => e.box <= radius)
          .sort((a, b) => a.box - b.box || a.own - b.own)
          .slice(0, limit)
          .map((e) => e.id);
        expect(index.near(q, radius, limit)).toEqual(want);
        compared += want.length;
      }
    }
    expect(moved).toBe(9_000);
    expect(compared).toBeGreaterThan(300);
  });
});

describe('the nearest among a few vehicles (the re-optimizer\'s plans not yet visited)', () => {
  const index = new VehicleIndex(LAT);
  index.upsert('e1', [east(1000)]);
  index.upsert('e2', [east(2000), east(500)]);
  index.upsert('e3', [east(3000)]);
  index.upsert('e4', [east(4000)]);
  index.upsert('e20', [east(20_000)]);

  test('only the listed vehicles are found, nearest box first, however many others are nearer', () => {
    expect(index.nearAmong(east(0), 50_000, 2, ['e4', 'e20', 'e3'])).toEqual(['e3', 'e4']);
    expect(index.nearAmong(east(0), 50_000, 5, ['e20', 'e1', 'e2'])).toEqual(['e2', 'e1', 'e20']);
  });

  test('a listed vehicle beyond the radius, refused, or not in the index is never found', () => {
    expect(index.nearAmong(east(0), 5_000, 10, ['e20', 'e4'])).toEqual(['e4']);
    expect(index.nearAmong(east(0), 50_000, 10, ['e1', 'e2', 'e3'], (id) => id !== 'e2')).toEqual(['e1', 'e3']);
    expect(index.nearAmong(east(0), 50_000, 10, ['gone', 'e3'])).toEqual(['e3']);
  });

  test('on a random fleet, the answer is the tree walk\'s with a filter that takes only the listed vehicles', () => {
    const rng = new Random(5);
    const index = new VehicleIndex(LAT, 100);
    const place = (): [number, number] => [127 + rng.uniform(0, 0.2), LAT + rng.uniform(0, 0.15)];
    for (let v = 0; v < 2000; v++) {
      const pos = place();
      const stops = Array.from({ length: rng.int(0, 4) }, (): [number, number] => [pos[0] + rng.uniform(-0.03, 0.03), pos[1] + rng.uniform(-0.03, 0.03)]);
      index.upsert(`v${v}`, [pos, ...stops]);
    }
    let found = 0;
    for (let k = 0; k < 200; k++) {
      const listed = new Set(Array.from({ length: rng.int(1, 300) }, () => `v${rng.int(0, 2100)}`)); // some not in the index
      const refused = `v${rng.int(0, 2000)}`;
      const accept = (id: string) => id !== refused;
      const q = place();
      const radius = rng.uniform(200, 8000);
      const limit = rng.int(1, 8);
      const want = index.near(q, radius, limit, (id) => listed.has(id) && accept(id));
      expect(index.nearAmong(q, radius, limit, listed, accept)).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(400);
  });
});

describe('a walk that may give up', () => {
  const index = new VehicleIndex(LAT);
  for (let k = 1; k <= 20; k++) index.upsert(`e${k}`, [east(100 * k)]);
  // Ten long routes whose boxes all hold the point 0.
  for (let k = 1; k <= 10; k++) index.upsert(`long${k}`, [east(-5000 - 10 * k), east(5000)]);

  test('gives up once it met more boxes than it may without an answer, and otherwise answers as near does', () => {
    const far = (id: string) => id === 'e19' || id === 'e20';
    expect(index.nearOrGiveUp(east(0), 50_000, 2, far, 25)).toBeNull(); // 10 long boxes and e1…e18 come first
    expect(index.nearOrGiveUp(east(0), 50_000, 2, far, 30)).toEqual(['e19', 'e20']);
    // Every box holding the point is met before the nearest of them is known.
    expect(index.nearOrGiveUp(east(0), 50_000, 1, undefined, 9)).toBeNull();
    expect(index.nearOrGiveUp(east(0), 50_000, 1, undefined, 30)).toEqual(index.near(east(0), 50_000, 1));
    // The radius ends the walk first: nothing to give up on.
    expect(index.nearOrGiveUp(east(-20_000), 50, 2, far, 0)).toEqual([]);
  });
});

describe('boxes piled up over a city: the nearest holding the point found by position first', () => {
  // 2,000 vehicles whose routes cross a 20 km city (most boxes hold most points), and 500 with short routes.
  const proj = new LocalProjection(LAT);
  const rng = new Random(11);
  const at = (): [number, number] => [proj.lon(rng.uniform(-10_000, 10_000)), proj.lat(rng.uniform(-10_000, 10_000))];
  const plain = new VehicleIndex(LAT, 100);
  const gridded = new VehicleIndex(LAT, 100, true);
  const routes = new Map<string, [number, number][]>();
  const both = (id: string, points: [number, number][]) => {
    routes.set(id, points);
    plain.upsert(id, points);
    gridded.upsert(id, points);
  };
  for (let k = 0; k < 2000; k++) both(`cross${k}`, [at(), at(), at()]);
  for (let k = 0; k < 500; k++) {
    const p = at();
    both(`local${k}`, [p, [p[0] + 0.002, p[1] + 0.001]]);
  }

  test('the same vehicles in the same order as the tree walk, with and without a filter, as vehicles move and leave', () => {
    let answered = 0;
    let filled = 0;
    for (let round = 0; round < 3; round++) {
      for (let q = 0; q < 150; q++) {
        const point = at();
        const limit = rng.int(1, 40);
        const odd = (id: string) => id.length % 2 === 1;
        const want = plain.near(point, 15_000, limit);
        expect(gridded.near(point, 15_000, limit)).toEqual(want);
        expect(gridded.near(point, 15_000, limit, odd)).toEqual(plain.near(point, 15_000, limit, odd));
        answered++;
        if (want.length === limit) filled++;
      }
      for (const [id, points] of [...routes]) {
        const u = rng.uniform(0, 1);
        if (u < 0.02) {
          // Leaves the fleet.
          routes.delete(id);
          plain.remove(id);
          gridded.remove(id);
        } else if (u < 0.5) {
          // A GPS fix 30 m on: inside its box, the tree untouched, the position (and maybe its cell) moved.
          both(id, [[points[0][0] + 30 / 88_200, points[0][1]], ...points.slice(1)]);
        } else if (id.startsWith('cross')) {
          both(id, [at(), at(), at()]); // a new plan
        }
      }
    }
    expect(answered).toBe(450);
    expect(filled).toBe(450);
    // Most searches here were answered from the positions (the point is inside most boxes), some by the walk.
    expect(gridded.answeredBy.positions).toBeGreaterThan(400);
    expect(gridded.answeredBy.walk).toBeGreaterThan(0);
    expect(plain.answeredBy.positions).toBe(0);
  });

  test('where few boxes hold the point (a quiet suburb) it still answers as the walk does', () => {
    const far: [number, number] = [proj.lon(40_000), proj.lat(40_000)];
    expect(gridded.near(far, 60_000, 5)).toHaveLength(5);
    expect(gridded.near(far, 60_000, 5)).toEqual(plain.near(far, 60_000, 5));
  });
});
