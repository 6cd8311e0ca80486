import { carNodeBlocked, carWaySpeeds, parseMaxspeedKmh } from './carProfile';

describe('car profile', () => {
  test.each([
    ['primary', 65],
    ['residential', 25],
    ['living_street', 10],
    ['motorway_link', 45],
  ])('a %s road is driven at %d km/h', (highway, kmh) => {
    expect(carWaySpeeds({ highway })?.forwardKmh).toBe(kmh);
  });

  test.each(['footway', 'path', 'cycleway', 'steps', 'track', 'pedestrian', 'bridleway', 'construction'])('a %s is not for cars', (highway) => {
    expect(carWaySpeeds({ highway })).toBeNull();
  });

  test('a road without a highway tag is not a road', () => {
    expect(carWaySpeeds({ building: 'yes' })).toBeNull();
  });

  test('maxspeed replaces the class speed at 80 % of the limit', () => {
    expect(carWaySpeeds({ highway: 'primary', maxspeed: '50' })?.forwardKmh).toBe(40);
    expect(carWaySpeeds({ highway: 'primary', maxspeed: '30 mph' })?.forwardKmh).toBeCloseTo(30 * 1.609344 * 0.8);
    expect(carWaySpeeds({ highway: 'residential', maxspeed: 'FR:urban' })?.forwardKmh).toBe(40);
  });

  test('maxspeed:forward and :backward apply per direction', () => {
    const s = carWaySpeeds({ highway: 'secondary', 'maxspeed:forward': '60', 'maxspeed:backward': '30' });
    expect(s?.forwardKmh).toBe(48);
    expect(s?.backwardKmh).toBe(24);
  });

  test('unparsable maxspeed keeps the class speed', () => {
    expect(parseMaxspeedKmh('signals')).toBeUndefined();
    expect(carWaySpeeds({ highway: 'tertiary', maxspeed: 'signals' })?.forwardKmh).toBe(40);
  });

  test('oneway=yes forbids the backward direction, oneway=-1 the forward one', () => {
    expect(carWaySpeeds({ highway: 'residential', oneway: 'yes' })).toMatchObject({ forwardKmh: 25, backwardKmh: 0 });
    expect(carWaySpeeds({ highway: 'residential', oneway: '-1' })).toMatchObject({ forwardKmh: 0, backwardKmh: 25 });
    expect(carWaySpeeds({ highway: 'residential', oneway: 'no' })).toMatchObject({ forwardKmh: 25, backwardKmh: 25 });
  });

  test('roundabouts and motorways are one-way without a oneway tag', () => {
    expect(carWaySpeeds({ highway: 'primary', junction: 'roundabout' })?.backwardKmh).toBe(0);
    expect(carWaySpeeds({ highway: 'motorway' })?.backwardKmh).toBe(0);
  });

  test('access=private and motor_vehicle=no keep cars out; the most specific key wins', () => {
    expect(carWaySpeeds({ highway: 'residential', access: 'private' })).toBeNull();
    expect(carWaySpeeds({ highway: 'residential', motor_vehicle: 'no' })).toBeNull();
    expect(carWaySpeeds({ highway: 'residential', access: 'no', motor_vehicle: 'yes' })).not.toBeNull();
  });

  test('service roads are slow, parking aisles slower, emergency access closed', () => {
    expect(carWaySpeeds({ highway: 'service' })?.forwardKmh).toBe(15);
    expect(carWaySpeeds({ highway: 'service', service: 'parking_aisle' })?.forwardKmh).toBe(5);
    expect(carWaySpeeds({ highway: 'service', service: 'emergency_access' })).toBeNull();
  });

  test('a bollard blocks cars, a gate does not', () => {
    expect(carNodeBlocked({ barrier: 'bollard' })).toBe(true);
    expect(carNodeBlocked({ barrier: 'gate' })).toBe(false);
    expect(carNodeBlocked({ barrier: 'bollard', motor_vehicle: 'yes' })).toBe(false);
    expect(carNodeBlocked(undefined)).toBe(false);
  });
});
