import { isRoutingError } from '../errors';
import { graphHopperLegs } from './graphHopperLegs';
import type { GraphHopperInstruction, GraphHopperPath } from './GraphHopperResponses';

const line = { type: 'LineString' as const, coordinates: [[0, 0], [1, 1], [2, 2]] };
const path = (extra: Partial<GraphHopperPath>): GraphHopperPath => ({
  distance: 300,
  time: 30000,
  points_encoded: false,
  points: line,
  snapped_waypoints: line,
  ...extra,
});
const step = (sign: number, time: number, distance: number): GraphHopperInstruction => ({ sign, time, distance, interval: [0, 0], text: '' });

describe('graphHopperLegs', () => {
  it('reads leg_time (ms) and leg_distance details, one entry per leg', () => {
    const legs = graphHopperLegs(path({ details: { leg_time: [[0, 1, 10000], [1, 2, 20000]], leg_distance: [[0, 1, 100], [1, 2, 200]] } }), 3);
    expect(legs).toEqual([{ durationS: 10, distanceM: 100 }, { durationS: 20, distanceM: 200 }]);
  });

  it('without details, cuts the instructions at "via reached" and "finish"', () => {
    const instructions = [step(0, 4000, 40), step(2, 6000, 60), step(5, 0, 0), step(0, 20000, 200), step(4, 0, 0)];
    expect(graphHopperLegs(path({ instructions }), 3)).toEqual([{ durationS: 10, distanceM: 100 }, { durationS: 20, distanceM: 200 }]);
  });

  it('a two-stop route without either is one leg: the whole path', () => {
    expect(graphHopperLegs(path({}), 2)).toEqual([{ durationS: 30, distanceM: 300 }]);
  });

  it('a route over three stops that cannot be split is an unusable answer, not a guess', () => {
    const e = (() => {
      try {
        return graphHopperLegs(path({ details: { leg_time: [[0, 2, 30000]] } }), 3);
      } catch (err) {
        return err;
      }
    })();
    expect(isRoutingError(e) && e.code).toBe('RoutingUnavailable');
  });
});
