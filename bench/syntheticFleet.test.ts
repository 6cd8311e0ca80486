import { boxAround } from './syntheticFleet';

const CITY = [127.0, 37.4, 127.6, 37.9] as const;

test('a local trip end is drawn within the reach of its centre, clipped to the city', () => {
  const [w, s, e, n] = boxAround([127.3, 37.6], 5000, CITY);
  // 5 km north-south is about 0.045° of latitude; east-west more degrees of longitude at 37.6° N.
  expect(n - 37.6).toBeCloseTo(5000 / 111_195, 6);
  expect(37.6 - s).toBeCloseTo(5000 / 111_195, 6);
  expect(e - 127.3).toBeGreaterThan(n - 37.6);
  expect(127.3 - w).toBeCloseTo(e - 127.3, 9);
  const corner = boxAround([127.01, 37.41], 5000, CITY);
  expect(corner[0]).toBe(CITY[0]);
  expect(corner[1]).toBe(CITY[1]);
  expect(corner[2]).toBeLessThan(CITY[2]);
});

test('without a reach the whole city is the box', () => {
  expect(boxAround([127.3, 37.6], Infinity, CITY)).toBe(CITY);
});
