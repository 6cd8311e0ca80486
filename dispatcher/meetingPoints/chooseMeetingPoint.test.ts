import { chooseMeetingPoint, keepsWalkingPromise, type MeetingOption, type MeetingWalk, walksNear } from './chooseMeetingPoint';
import { MeetingPointSet } from './MeetingPointSet';

const T0 = 1_800_000_000;
const walk = (id: string, walkM: number, walkS = Math.ceil(walkM / 1.2)): MeetingWalk => ({ meetingPointId: id, location: [0, 0], walkM, walkS });
const option = (pickup: MeetingWalk | null, vehicleAddedS: number, extra: Partial<MeetingOption<string>> = {}): MeetingOption<string> => ({
  pickup,
  dropoff: null,
  vehicleAddedS,
  pickupEarliestS: T0 + 600,
  arriveByS: T0 + 3000,
  decision: pickup?.meetingPointId ?? 'curb',
  ...extra,
});
const rules = { nowS: T0, doorArriveByS: T0 + 3600, walkLimitM: 250, minSavingS: 60 };

describe('choosing a meeting point', () => {
  test('a point that saves the bus two minutes over the curb is proposed', () => {
    const chosen = chooseMeetingPoint(option(null, 300), [option(walk('m', 140), 180)], rules);
    expect(chosen?.decision).toBe('m');
  });

  test('a point that saves less than the minimum leaves the rider at the curb', () => {
    const chosen = chooseMeetingPoint(option(null, 300), [option(walk('m', 140), 250)], rules);
    expect(chosen?.decision).toBe('curb');
  });

  test('of two points saving as much, the shorter walk wins; the one saving most wins over both', () => {
    expect(chooseMeetingPoint(option(null, 300), [option(walk('far', 240), 100), option(walk('near', 90), 100)], rules)?.decision).toBe('near');
    expect(chooseMeetingPoint(option(null, 300), [option(walk('near', 90), 100), option(walk('far', 240), 40)], rules)?.decision).toBe('far');
  });

  test('a point beyond the walking limit is never proposed, however much it saves', () => {
    expect(chooseMeetingPoint(option(null, 900), [option(walk('m', 251), 0)], rules)?.decision).toBe('curb');
  });

  test('a pickup window opening before the rider can have walked there is not kept', () => {
    // 200 m take 167 s: a window opening 100 s from now is too soon.
    const tooSoon = option(walk('m', 200), 0, { pickupEarliestS: T0 + 100 });
    expect(keepsWalkingPromise(tooSoon, rules)).toBe(false);
    expect(chooseMeetingPoint(option(null, 900), [tooSoon], rules)?.decision).toBe('curb');
    expect(keepsWalkingPromise(option(walk('m', 200), 0, { pickupEarliestS: T0 + 167 }), rules)).toBe(true);
  });

  test('a drop-off point whose walk on passes the door-to-door arrival limit is not kept', () => {
    const late: MeetingOption<string> = { ...option(null, 0, { arriveByS: T0 + 3500 }), dropoff: walk('d', 200), decision: 'd' };
    expect(keepsWalkingPromise(late, rules)).toBe(false);
    const inTime: MeetingOption<string> = { ...late, arriveByS: T0 + 3400 };
    expect(keepsWalkingPromise(inTime, rules)).toBe(true);
    expect(chooseMeetingPoint(option(null, 900), [late], rules)?.decision).toBe('curb');
  });

  test('when no vehicle can serve the curbs, a meeting point that fits is taken; with none, nothing', () => {
    expect(chooseMeetingPoint(null, [option(walk('m', 100), 500)], rules)?.decision).toBe('m');
    expect(chooseMeetingPoint(null, [], rules)).toBeNull();
    expect(chooseMeetingPoint(null, [option(walk('m', 300), 0)], rules)).toBeNull();
  });
});

describe('meeting points within a walk', () => {
  // Near the equator 0.001° is 111 m: the walk estimate is 1.3 times the straight line.
  const points = new MeetingPointSet([
    { id: 'curb-side', location: [0.0001, 0], source: 'imported', name: '' },
    { id: 'one-block', location: [0, 0.001], source: 'imported', name: '' },
    { id: 'two-blocks', location: [0.002, 0], source: 'imported', name: '' },
    { id: 'diagonal', location: [0.001, 0.001], source: 'network', name: '' },
  ]);
  const rules = { walkLimitM: 250, walkSpeedMps: 1.2, walkDetourFactor: 1.3, maxPerEnd: 3, minShiftM: 30 };

  test('nearest first, the one beside the curb and those beyond the limit left out, the walk estimated long', () => {
    // 111 m straight is a 145 m walk; the diagonal corner 157 m straight, a 204 m walk; two blocks a 289 m walk.
    const walks = walksNear([0, 0], [0, 0], points, { ...rules, walkLimitM: 200 });
    expect(walks.map((w) => w.meetingPointId)).toEqual(['one-block']);
    expect(walks[0].walkM).toBeCloseTo(111.2 * 1.3, 0);
    expect(walks[0].walkS).toBe(Math.ceil(walks[0].walkM / 1.2));
  });

  test('the default 250 m reaches the diagonal corner, 300 m two blocks, and at most maxPerEnd are tried', () => {
    expect(walksNear([0, 0], [0, 0], points, rules).map((w) => w.meetingPointId)).toEqual(['one-block', 'diagonal']);
    expect(walksNear([0, 0], [0, 0], points, { ...rules, walkLimitM: 300 }).map((w) => w.meetingPointId)).toEqual(['one-block', 'diagonal', 'two-blocks']);
    expect(walksNear([0, 0], [0, 0], points, { ...rules, walkLimitM: 400, maxPerEnd: 1 }).map((w) => w.meetingPointId)).toEqual(['one-block']);
  });
});
