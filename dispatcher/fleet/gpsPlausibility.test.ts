import { GPS_PLAUSIBILITY_DEFAULTS, implausibleFix } from './gpsPlausibility';

const T = 1_800_000_000;
const JAMSIL: [number, number] = [127.1001, 37.5133];
const KM_EAST: [number, number] = [127.1114, 37.5133]; // about 1 km east

describe('is a GPS fix plausible', () => {
  test('firstFixOfShift_anywhere: nothing to compare with, taken', () => {
    expect(implausibleFix(undefined, { location: [0, 0] }, T)).toBeNull();
  });

  test('oneKmInOneSecond: refused, the message says how far and how long', () => {
    expect(implausibleFix({ location: JAMSIL, atS: T }, { location: KM_EAST }, T + 1)).toMatch(/^the fix is 99\d m from the last one, 1 s ago; at most 355 m/);
  });

  test('oneKmInOneMinute: 17 m/s, taken', () => {
    expect(implausibleFix({ location: JAMSIL, atS: T }, { location: KM_EAST }, T + 60)).toBeNull();
  });

  test('sameSpotAtOnce: GPS noise within the tolerance, taken', () => {
    expect(implausibleFix({ location: JAMSIL, atS: T }, { location: [JAMSIL[0] + 0.002, JAMSIL[1]] }, T)).toBeNull();
  });

  test('reportedSpeedAboveTheLimit: refused even without a previous fix', () => {
    expect(implausibleFix(undefined, { location: JAMSIL, speedMps: GPS_PLAUSIBILITY_DEFAULTS.maxSpeedMps + 1 }, T)).toMatch(/reported speed of 56 m\/s/);
  });
});
