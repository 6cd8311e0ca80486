/**
 * car.lua's process_turn: the seconds a turn costs, from its angle, the number of roads at the
 * intersection, whether it is a U-turn, and the obstacles at the intersection node.
 */

/** car.lua `turn_penalty`: the most a turn (without U-turn) costs, in seconds. */
export const TURN_PENALTY_S = 7.5;
/** car.lua `turn_bias`: right turns are cheaper than left ones where traffic keeps right. */
export const TURN_BIAS = 1.075;
/** car.lua `properties.u_turn_penalty`. */
export const U_TURN_PENALTY_S = 20;
/** OSRM's max turn weight (a 16-bit count of tenths of a second): entering a restricted road from an open one. */
export const MAX_TURN_WEIGHT_S = 3276.7;

export interface Turn {
  /** Degrees, OSRM's convention: 0 straight, +x to the right, −x to the left, ±180 a U-turn. */
  angle: number;
  /** Roads at the intersection, the one arrived on included. */
  numberOfRoads: number;
  isUTurn: boolean;
  /** Seconds of obstacles at the intersection node (traffic signals, stop, give way, gate). */
  obstacleS: number;
  leftHandDriving?: boolean;
}

/** Seconds this turn costs (car.lua process_turn), before OSRM truncates it to tenths. */
export function turnDurationS(turn: Turn): number {
  const bias = turn.leftHandDriving ? 1 / TURN_BIAS : TURN_BIAS;
  let duration = turn.obstacleS;
  if (turn.numberOfRoads > 2 || turn.isUTurn) {
    const a = turn.angle;
    if (a >= 0) duration += TURN_PENALTY_S / (1 + Math.exp(-((13 / bias) * (a / 180) - 6.5 * bias)));
    else duration += TURN_PENALTY_S / (1 + Math.exp(-((13 * bias) * (-a / 180) - 6.5 / bias)));
    if (turn.isUTurn) duration += U_TURN_PENALTY_S;
  }
  return duration;
}

/** OSRM stores a turn's duration as whole tenths of a second, truncated (boost::numeric_cast). */
export function truncateToTenths(s: number): number {
  return Math.trunc(s * 10 + 1e-9) / 10;
}

/** Signed difference from bearing `inDeg` (arriving) to `outDeg` (leaving), in (−180, 180]: + is clockwise (right). */
export function turnAngle(inDeg: number, outDeg: number): number {
  let d = (outDeg - inDeg) % 360;
  if (d <= -180) d += 360;
  if (d > 180) d -= 360;
  return d;
}
