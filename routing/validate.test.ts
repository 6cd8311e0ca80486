import { assertLngLat, assertLngLatList } from './validate';

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'accepted';
};

test('plain pairs pass, at the edges of the ranges too', () => {
  expect(message(() => assertLngLatList([[127.1, 37.5], [-180, -90], [180, 90]], 'points'))).toBe('accepted');
});

test('each refusal names the point and why; the label is the one refused', () => {
  expect(message(() => assertLngLatList([[127.1, 37.5], [37.5, 127.1]], 'sources'))).toBe(
    'InvalidInput: sources[1] latitude 127.1 is outside [-90, 90] (coordinates go [lon, lat]; were they swapped?)',
  );
  expect(message(() => assertLngLatList([[127.1, 37.5], [127.1, 37.5], [Number.NaN, 37.5]], 'destinations'))).toBe(
    'InvalidInput: destinations[2] must hold finite numbers, got [NaN, 37.5]',
  );
  expect(message(() => assertLngLat([Number.POSITIVE_INFINITY, 1]))).toBe('InvalidInput: point must hold finite numbers, got [Infinity, 1]');
  expect(message(() => assertLngLat([181, 1], 'depot'))).toBe('InvalidInput: depot longitude 181 is outside [-180, 180]');
  expect(message(() => assertLngLat([1, 2, 3]))).toBe('InvalidInput: point must be a [lon, lat] pair of two numbers');
  expect(message(() => assertLngLat(['1', 2]))).toBe('InvalidInput: point must hold finite numbers, got [1, 2]');
  expect(message(() => assertLngLatList([], 'points', 2))).toBe('InvalidInput: points needs at least 2 points, got 0');
});
