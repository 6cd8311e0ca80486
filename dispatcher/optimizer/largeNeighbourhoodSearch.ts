import { BestInsertionFinder } from '../insertion/BestInsertionFinder';
import { ScheduleScratch } from '../insertion/ScheduleScratch';
import { type Acceptance, SimulatedAnnealing } from './Acceptance';
import { exchange } from './exchange';
import { DEFAULT_UNASSIGNED_PENALTY, type Plan } from './Plan';
import { Random } from './Random';
import { randomRuin } from './randomRuin';
import { type RecreateOperator, regretInsertion } from './regretInsertion';
import { IMPROVEMENT_EPS, relocate } from './relocate';
import type { RuinOperator } from './RuinOperator';
import { SearchBudget, type SearchBudgetOptions } from './SearchBudget';
import { shawRuin } from './shawRuin';
import { worstRuin } from './worstRuin';

/** Limits of the search, each with a named default. */
export const LNS_DEFAULTS = Object.freeze({
  seed: 1,
  /** Fewest requests removed per iteration. */
  minRemove: 4,
  /** Most requests removed per iteration, as a share of the movable ones... */
  maxRemoveFraction: 0.4,
  /** ...and in absolute terms. */
  maxRemove: 60,
  /** Insertion noise amplitude, as a share of the largest distance between request stops (Ropke: 0.025). */
  noiseLevel: 0.025,
  /** Iterations between updates of the adaptive operator weights. */
  segment: 100,
  /** How far a segment's scores move the weights. */
  reaction: 0.1,
  /** Run relocate and exchange on every new best plan. */
  localSearch: true,
});

/** Adaptive-weight rewards: new best, better than current, accepted though worse (Ropke & Pisinger 2006). */
const SCORE_BEST = 33;
const SCORE_BETTER = 9;
const SCORE_ACCEPTED = 13;

export interface LnsOptions extends SearchBudgetOptions {
  seed?: number;
  /** Default: simulated annealing referenced to the starting plan's cost. */
  acceptance?: Acceptance;
  /** Cost of each unassigned request; DEFAULT_UNASSIGNED_PENALTY by default. */
  unassignedPenalty?: number;
  minRemove?: number;
  maxRemoveFraction?: number;
  maxRemove?: number;
  noiseLevel?: number;
  localSearch?: boolean;
  /** Called on every new best plan (for progress output and traces). */
  onNewBest?: (event: { cost: number; unassigned: number; iteration: number; elapsedMs: number }) => void;
}

export interface OperatorStats {
  name: string;
  weight: number;
  uses: number;
}

export interface LnsResult {
  plan: Plan;
  /** Route cost plus the unassigned penalty. */
  cost: number;
  iterations: number;
  improvements: number;
  elapsedMs: number;
  operators: OperatorStats[];
}

/** Roulette-wheel choice among adaptive weights. */
function roulette(weights: Float64Array, rng: Random): number {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k];
  let x = rng.next() * total;
  for (let k = 0; k < weights.length; k++) {
    x -= weights[k];
    if (x < 0) return k;
  }
  return weights.length - 1;
}

/** Largest distance between request stops, from a sample (the scale for insertion noise). */
function distanceScale(plan: Plan): number {
  const p = plan.problem;
  let max = 0;
  const S = 2 * p.requestCount;
  const step = Math.max(1, Math.floor(S / 64));
  for (let a = 0; a < S; a += step) for (let b = 0; b < S; b++) {
    const d = p.travelTimes.distanceM(p.node[a], p.node[b]);
    if (d > max && Number.isFinite(d)) max = d;
  }
  return max;
}

/**
 * Time-budgeted adaptive large-neighbourhood search (Ropke & Pisinger 2006 style). Each iteration ruins the
 * current plan (random, related or worst removal), recreates it with greedy or regret-k insertion (with or without
 * noise), and accepts by simulated annealing (or the given rule). New best plans are polished with relocate and
 * exchange. Locked stops stay put and riders on board stay on their vehicle: only movable requests are removed.
 * Deterministic for a seed and an iteration budget; the input plan is not changed.
 */
export function largeNeighbourhoodSearch(start: Plan, options: LnsOptions = {}): LnsResult {
  const problem = start.problem;
  const scratch = new ScheduleScratch(problem);
  const finder = new BestInsertionFinder(problem, scratch);
  const rng = new Random(options.seed ?? LNS_DEFAULTS.seed);
  const budget = new SearchBudget(options);
  const penalty = options.unassignedPenalty ?? DEFAULT_UNASSIGNED_PENALTY;
  const doLocalSearch = options.localSearch ?? LNS_DEFAULTS.localSearch;

  let current = start.clone();
  if (current.unassigned.length > 0) regretInsertion(2).recreate(current, finder, rng);
  const polish = (plan: Plan): void => {
    if (!doLocalSearch) return;
    while (!budget.done() && relocate(plan, finder, rng) + exchange(plan, finder, rng) > 0) {
      /* until no move improves */
    }
  };
  polish(current);
  let currentCost = current.cost(penalty);
  let best = current.clone();
  let bestCost = currentCost;
  const acceptance = options.acceptance ?? new SimulatedAnnealing(Math.max(1e-9, current.routeCost()));

  const noise = (options.noiseLevel ?? LNS_DEFAULTS.noiseLevel) * distanceScale(current);
  const ruins: RuinOperator[] = [randomRuin, shawRuin, worstRuin];
  const recreates: RecreateOperator[] = [1, 2, 3].flatMap((k) => [regretInsertion(k), regretInsertion(k, noise)]);
  const weights = [new Float64Array(ruins.length).fill(1), new Float64Array(recreates.length).fill(1)];
  const scores = [new Float64Array(ruins.length), new Float64Array(recreates.length)];
  const uses = [new Int32Array(ruins.length), new Int32Array(recreates.length)];
  const totalUses = [new Int32Array(ruins.length), new Int32Array(recreates.length)];
  const segment = LNS_DEFAULTS.segment;
  const reaction = LNS_DEFAULTS.reaction;

  const movable = current.movableRequests().length;
  const minRemove = Math.min(movable, options.minRemove ?? LNS_DEFAULTS.minRemove);
  const maxRemove = Math.max(
    minRemove,
    Math.min(options.maxRemove ?? LNS_DEFAULTS.maxRemove, Math.round(movable * (options.maxRemoveFraction ?? LNS_DEFAULTS.maxRemoveFraction))),
  );
  let improvements = 0;

  while (movable > 0 && !budget.done()) {
    budget.iterations++;
    const ro = roulette(weights[0], rng);
    const co = roulette(weights[1], rng);
    const candidate = current.clone();
    ruins[ro].ruin(candidate, rng.int(minRemove, maxRemove), scratch, rng);
    recreates[co].recreate(candidate, finder, rng);
    let cost = candidate.cost(penalty);
    let score = 0;
    if (cost < bestCost - IMPROVEMENT_EPS) {
      polish(candidate);
      cost = candidate.cost(penalty);
      best = candidate.clone();
      bestCost = cost;
      current = candidate;
      currentCost = cost;
      score = SCORE_BEST;
      improvements++;
      options.onNewBest?.({ cost, unassigned: best.unassigned.length, iteration: budget.iterations, elapsedMs: budget.elapsedMs() });
    } else if (acceptance.accept(cost, currentCost, bestCost, budget.progress(), rng)) {
      score = cost < currentCost - IMPROVEMENT_EPS ? SCORE_BETTER : cost > currentCost + IMPROVEMENT_EPS ? SCORE_ACCEPTED : 0;
      current = candidate;
      currentCost = cost;
    }
    const chosen = [ro, co];
    for (let s = 0; s < 2; s++) {
      scores[s][chosen[s]] += score;
      uses[s][chosen[s]]++;
      totalUses[s][chosen[s]]++;
    }
    if (budget.iterations % segment === 0) {
      for (let s = 0; s < 2; s++) {
        for (let k = 0; k < weights[s].length; k++) {
          if (uses[s][k] > 0) weights[s][k] = Math.max(0.05, (1 - reaction) * weights[s][k] + (reaction * scores[s][k]) / uses[s][k]);
        }
        scores[s].fill(0);
        uses[s].fill(0);
      }
    }
  }
  const operators: OperatorStats[] = [
    ...ruins.map((op, k) => ({ name: `ruin:${op.name}`, weight: weights[0][k], uses: totalUses[0][k] })),
    ...recreates.map((op, k) => ({ name: `recreate:${op.name}`, weight: weights[1][k], uses: totalUses[1][k] })),
  ];
  return { plan: best, cost: bestCost, iterations: budget.iterations, improvements, elapsedMs: budget.elapsedMs(), operators };
}
