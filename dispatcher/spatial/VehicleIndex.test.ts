import { VehicleIndex } from './VehicleIndex';

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
