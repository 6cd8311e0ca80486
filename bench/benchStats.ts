/** Benchmark helpers: min/median/max of timed runs (STYLE: benchmarks are code; seeds come from dispatcher/optimizer/Random). */

export interface Timing {
  minMs: number;
  medianMs: number;
  maxMs: number;
  runs: number;
}

export function summarize(samplesMs: number[]): Timing {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { minMs: s[0], medianMs: s[Math.floor((s.length - 1) / 2)], maxMs: s[s.length - 1], runs: s.length };
}

export function percentile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Times `fn` once per input, after `warmup` untimed calls. */
export function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown, warmup = 3): Timing {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) fn(inputs[i]);
  const samples: number[] = [];
  for (const input of inputs) {
    const t = process.hrtime.bigint();
    fn(input);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summarize(samples);
}

export async function timeEachAsync<T>(inputs: readonly T[], fn: (input: T) => Promise<unknown>, warmup = 3): Promise<Timing> {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) await fn(inputs[i]);
  const samples: number[] = [];
  for (const input of inputs) {
    const t = process.hrtime.bigint();
    await fn(input);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summarize(samples);
}

export const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));
