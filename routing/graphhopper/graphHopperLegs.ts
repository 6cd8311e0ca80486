import { RoutingError } from '../errors';
import type { RouteLeg } from '../Router';
import type { GraphHopperInstruction, GraphHopperPath } from './GraphHopperResponses';

const SIGN_FINISH = 4;
const SIGN_VIA_REACHED = 5;

/**
 * GraphHopper answers one path, not legs. The legs come from, in order of preference:
 *  1. the path details leg_time / leg_distance (one [from, to, value] entry per leg; time in ms),
 *     which Anystop requests on every route;
 *  2. the instructions, cut at each "via reached" (sign 5) and at "finish" (sign 4), as GraphHopper's
 *     own tutorial does for servers without leg details;
 *  3. for two stops, the path itself.
 * A leg count that still does not match the stops is an unusable answer, never a guess.
 */
export function graphHopperLegs(path: GraphHopperPath, stopCount: number): RouteLeg[] {
  const wanted = stopCount - 1;
  const time = path.details?.leg_time;
  const distance = path.details?.leg_distance;
  if (time?.length === wanted && distance?.length === wanted) {
    return time.map((t, i) => ({ durationS: t[2] / 1000, distanceM: distance[i]![2] }));
  }
  const fromInstructions = path.instructions ? legsFromInstructions(path.instructions) : [];
  if (fromInstructions.length === wanted) return fromInstructions;
  if (wanted === 1) return [{ durationS: path.time / 1000, distanceM: path.distance }];
  throw new RoutingError(
    'RoutingUnavailable',
    `GraphHopper answered a route over ${stopCount} stops without leg details or via-point instructions to split it into ${wanted} legs`,
  );
}

function legsFromInstructions(instructions: readonly GraphHopperInstruction[]): RouteLeg[] {
  const legs: RouteLeg[] = [];
  let timeMs = 0;
  let distanceM = 0;
  for (const instruction of instructions) {
    timeMs += instruction.time;
    distanceM += instruction.distance;
    if (instruction.sign === SIGN_VIA_REACHED || instruction.sign === SIGN_FINISH) {
      legs.push({ durationS: timeMs / 1000, distanceM });
      timeMs = 0;
      distanceM = 0;
    }
  }
  return legs;
}
