import type { LiveEtas } from './LiveEtas';
import type { RiskResponder } from './RiskResponder';
import type { SpeedFactorLearning } from './SpeedFactorLearning';

/** What positions and stop reports feed while vehicles drive (issue 13): live ETAs, the reaction to risk, the speed factors. */
export interface LiveOperations {
  readonly etas: LiveEtas;
  readonly risk: RiskResponder;
  readonly learning: SpeedFactorLearning;
}
