import type { LngLat, Router } from '../../routing/Router';
import { RoutingError } from '../../routing/errors';
import { walkPath } from './walkPath';

const FROM: LngLat = [127.1, 37.51];
const TO: LngLat = [127.101, 37.511];
const WALK = { meetingPointId: 'm', location: TO, walkM: 180, walkS: 150 };
const routerGiving = (route: Router['route']): Router => ({ name: 'stub', route, table: async () => ({ durationsS: [], distancesM: [] }), nearest: async () => ({ location: FROM, distanceM: 0, name: '' }), close: async () => {} });
const along = (distanceM: number) => async () => ({ durationS: 30, distanceM, legs: [], geometry: { type: 'LineString' as const, coordinates: [[127.1001, 37.5101], [127.1009, 37.5109]] as LngLat[] } });

describe('the walk shown to the rider', () => {
  test('follows the streets when the path is about as long as the walk counted, keeping the counted minutes', async () => {
    const shown = await walkPath(routerGiving(along(200)), FROM, TO, WALK);
    expect(shown).toEqual({ meetingPointId: 'm', distanceM: 180, durationS: 150, path: [[...FROM], [127.1001, 37.5101], [127.1009, 37.5109], [...TO]] });
  });

  test('is the straight line when the street path is a car’s detour round one-way streets', async () => {
    const shown = await walkPath(routerGiving(along(600)), FROM, TO, WALK);
    expect(shown.path).toEqual([[...FROM], [...TO]]);
  });

  test('is the straight line when no road joins the two places, and another failure is not hidden', async () => {
    const noRoute = routerGiving(async () => {
      throw new RoutingError('NoRoute', 'no route');
    });
    expect((await walkPath(noRoute, FROM, TO, WALK)).path).toEqual([[...FROM], [...TO]]);
    const broken = routerGiving(async () => {
      throw new TypeError('bug');
    });
    await expect(walkPath(broken, FROM, TO, WALK)).rejects.toThrow(TypeError);
  });
});
