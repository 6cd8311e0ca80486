import { performance } from 'node:perf_hooks';
import { type Command, InvalidArgumentError } from 'commander';
import { checkDarpSolution } from '../dispatcher/darp/checkDarpSolution';
import { isDarpError } from '../dispatcher/darp/DarpError';
import { loadCordeauFile } from '../dispatcher/darp/loadCordeauFile';
import { solveDarp } from '../dispatcher/darp/solveDarp';

/** Search time of `darp solve` when --time-limit is not given. */
export const DEFAULT_DARP_TIME_LIMIT_S = 10;

function positiveNumber(value: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError('expected a positive number of seconds.');
  return v;
}

function nonNegativeInteger(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return v;
}

interface SolveFlags {
  timeLimit: number;
  seed: number;
  json?: boolean;
}

export function registerDarpCommands(program: Command): void {
  const darp = program.command('darp').description('solve dial-a-ride benchmark instances (Cordeau format) with the dispatch engine');
  darp
    .command('solve <instance-file>')
    .description('solve one instance, check the result independently, print cost and routes')
    .option('--time-limit <seconds>', 'search time in seconds', positiveNumber, DEFAULT_DARP_TIME_LIMIT_S)
    .option('--seed <n>', 'random seed (same seed and budget, same search)', nonNegativeInteger, 1)
    .option('--json', 'print one JSON line: instance, cost, vehicles, routes, feasible, timeS')
    .action((file: string, flags: SolveFlags) => {
      let instance;
      try {
        instance = loadCordeauFile(file);
      } catch (e) {
        if (!isDarpError(e)) throw e;
        console.error(`anystop darp solve: ${e.message} [${e.code}]`);
        process.exitCode = 1;
        return;
      }
      const t0 = performance.now();
      const solution = solveDarp(instance, { timeLimitMs: flags.timeLimit * 1000, seed: flags.seed, now: () => performance.now() });
      const timeS = (performance.now() - t0) / 1000;
      const check = checkDarpSolution(instance, solution.routes);
      if (flags.json) {
        const line = { instance: instance.name, cost: round(check.cost, 4), vehicles: check.vehicles, routes: solution.routes, feasible: check.feasible, timeS: round(timeS, 2) };
        console.log(JSON.stringify(line));
        return;
      }
      console.log(`${instance.name}: ${instance.requestCount} requests, at most ${instance.vehicles} vehicles (Q=${instance.capacity}, T=${instance.maxRouteDuration}, L=${instance.maxRideTime})`);
      console.log(`cost ${check.cost.toFixed(4)} with ${check.vehicles} vehicles, ${check.feasible ? 'feasible' : 'INFEASIBLE'} (independent check), ${timeS.toFixed(1)} s, ${solution.iterations} iterations, seed ${flags.seed}`);
      solution.routes.forEach((r, k) => console.log(`  route ${k + 1} (${check.routes[k].cost.toFixed(2)}): ${r.join(' ')}`));
      for (const v of check.violations) console.log(`  violation ${v.code}: ${v.message}`);
    });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
