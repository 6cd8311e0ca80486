import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { judgeTripEnds } from './judgeTripEnds';

/** Points east of a spot in Songpa, by metres (1° of longitude is about 88.3 km at 37.5° N). */
const AT: [number, number] = [127.104, 37.5087];
const east = (m: number): [number, number] => [AT[0] + m / 88_300, AT[1]];
const policy = { ...DEFAULT_POLICY, minRideM: 300, maxWalkM: 300 };

describe('the ends of a trip', () => {
  test('a destination 350 m away that snaps back 160 m from the pickup is TooShort, not a loop', () => {
    expect(judgeTripEnds({ origin: AT, destination: east(350), pickup: AT, dropoff: east(160) }, policy)).toBe('TooShort');
  });

  test('origin and destination a few steps apart are TooShort even when the curbs are far apart', () => {
    expect(judgeTripEnds({ origin: AT, destination: east(100), pickup: east(-250), dropoff: east(290) }, policy)).toBe('TooShort');
  });

  test('a drop-off curb farther from the destination than the walk allowed is WalkTooFar', () => {
    expect(judgeTripEnds({ origin: AT, destination: east(1500), pickup: AT, dropoff: east(1150) }, policy)).toBe('WalkTooFar');
  });

  test('a pickup curb farther than the walk allowed is WalkTooFar', () => {
    expect(judgeTripEnds({ origin: AT, destination: east(2000), pickup: east(-320), dropoff: east(2000) }, policy)).toBe('WalkTooFar');
  });

  test('ends 350 m apart with short walks make a ride', () => {
    expect(judgeTripEnds({ origin: AT, destination: east(350), pickup: east(10), dropoff: east(345) }, policy)).toBeNull();
  });
});
