import { carNodeBlocked, carNodeObstacle, carWaySpeeds, parseMaxspeedKmh } from './carProfile';
import { carRestrictionValue } from './readOsmExtract';

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
    expect(carWaySpeeds({ highway: 'primary', maxspeed: '30 mph' })?.forwardKmh).toBeCloseTo(30 * 1.609 * 0.8, 6); // car.lua's own mile
    expect(carWaySpeeds({ highway: 'residential', maxspeed: 'FR:urban' })?.forwardKmh).toBe(40);
  });

  test('maxspeed:forward and :backward apply per direction', () => {
    const s = carWaySpeeds({ highway: 'secondary', 'maxspeed:forward': '60', 'maxspeed:backward': '30' });
    expect(s?.forwardKmh).toBe(48);
    expect(s?.backwardKmh).toBe(24);
  });

  test('unparsable maxspeed keeps the class speed', () => {
    expect(parseMaxspeedKmh('signals')).toBe(0);
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

  test('motor_vehicle=no and access=psv keep cars out; motorcar beats motor_vehicle beats access', () => {
    expect(carWaySpeeds({ highway: 'residential', motor_vehicle: 'no' })).toBeNull();
    expect(carWaySpeeds({ highway: 'residential', access: 'psv' })).toBeNull();
    expect(carWaySpeeds({ highway: 'residential', access: 'no', motor_vehicle: 'yes' })).not.toBeNull();
    expect(carWaySpeeds({ highway: 'residential', motor_vehicle: 'no', motorcar: 'yes' })).not.toBeNull();
    expect(carWaySpeeds({ highway: 'residential', 'access:backward': 'no' })).toMatchObject({ forwardKmh: 25, backwardKmh: 0 });
  });

  test('access=private or destination keeps the road open but marks it restricted (car.lua: max turn weight to enter)', () => {
    expect(carWaySpeeds({ highway: 'residential', access: 'private' })).toMatchObject({ forwardRestricted: true, backwardRestricted: true, forwardKmh: 25 });
    expect(carWaySpeeds({ highway: 'service', access: 'destination' })?.forwardRestricted).toBe(true);
    expect(carWaySpeeds({ highway: 'residential' })?.forwardRestricted).toBe(false);
  });

  test('service=parking_aisle keeps its 15 km/h duration but halves the routing rate; emergency access is closed', () => {
    expect(carWaySpeeds({ highway: 'service' })).toMatchObject({ forwardKmh: 15, forwardRate: 1 });
    expect(carWaySpeeds({ highway: 'service', service: 'parking_aisle' })).toMatchObject({ forwardKmh: 15, forwardRate: 0.5 });
    expect(carWaySpeeds({ highway: 'service', service: 'emergency_access' })).toBeNull();
  });

  test('side roads, one-lane two-way roads and narrow roads are penalised in weight, not in duration', () => {
    expect(carWaySpeeds({ highway: 'residential', side_road: 'yes' })).toMatchObject({ forwardKmh: 25, forwardRate: 0.8 });
    expect(carWaySpeeds({ highway: 'residential', lanes: '1' })?.forwardRate).toBe(0.5);
    expect(carWaySpeeds({ highway: 'residential', lanes: '1', oneway: 'yes' })?.forwardRate).toBe(1);
    expect(carWaySpeeds({ highway: 'residential', width: '3.5' })?.forwardRate).toBe(0.6);
  });

  test('*_link roads have their own speeds and only motorways are implied one-way', () => {
    expect(carWaySpeeds({ highway: 'trunk_link' })).toMatchObject({ forwardKmh: 40, backwardKmh: 40 });
    expect(carWaySpeeds({ highway: 'motorway_link' })).toMatchObject({ forwardKmh: 45, backwardKmh: 45 });
  });

  test('maxspeed:advisory comes before maxspeed; a surface caps the speed', () => {
    expect(carWaySpeeds({ highway: 'primary', maxspeed: '80', 'maxspeed:advisory': '50' })?.forwardKmh).toBe(40);
    expect(carWaySpeeds({ highway: 'primary', surface: 'gravel' })?.forwardKmh).toBe(40);
  });

  test('a maxweight under 2 t, a maxheight under 2 m or a 1.5 m width closes the road to cars', () => {
    expect(carWaySpeeds({ highway: 'secondary', maxweight: '1.5' })).toBeNull();
    expect(carWaySpeeds({ highway: 'secondary', maxheight: '1.9' })).toBeNull();
    expect(carWaySpeeds({ highway: 'secondary', maxwidth: '1.5' })).toBeNull();
    expect(carWaySpeeds({ highway: 'secondary', maxweight: '3.5' })).not.toBeNull();
  });

  test('a bollard blocks cars; a gate is passable at 60 s; a signal costs 2 s; node access tags override the barrier', () => {
    expect(carNodeBlocked({ barrier: 'bollard' })).toBe(true);
    expect(carNodeObstacle({ barrier: 'gate' })).toMatchObject({ blocked: false, penaltyS: 60 });
    expect(carNodeObstacle({ highway: 'traffic_signals' })).toMatchObject({ blocked: false, penaltyS: 2 });
    expect(carNodeObstacle({ highway: 'turning_circle' }).turning).toBe(true);
    expect(carNodeBlocked({ barrier: 'bollard', motor_vehicle: 'yes' })).toBe(false);
    expect(carNodeBlocked({ barrier: 'bollard', access: 'private' })).toBe(false);
    expect(carNodeBlocked({ access: 'no' })).toBe(true);
    expect(carNodeBlocked(undefined)).toBe(false);
  });

  test('restriction relations for cars: restriction:motorcar first, except=motorcar lifts it, other values ignored', () => {
    expect(carRestrictionValue({ type: 'restriction', restriction: 'no_left_turn' })).toBe('no_left_turn');
    expect(carRestrictionValue({ type: 'restriction', 'restriction:motorcar': 'only_straight_on', restriction: 'no_left_turn' })).toBe('only_straight_on');
    expect(carRestrictionValue({ type: 'restriction', restriction: 'no_left_turn', except: 'bicycle;motorcar' })).toBeUndefined();
    expect(carRestrictionValue({ type: 'restriction', 'restriction:bus': 'no_left_turn' })).toBeUndefined();
    expect(carRestrictionValue({ type: 'multipolygon', restriction: 'no_left_turn' })).toBeUndefined();
  });
});
