import { join } from 'node:path';
import { Command } from 'commander';
import { registerDarpCommands } from './darpCommands';

const INSTANCES = join(__dirname, '..', '..', 'shared', 'data', 'darp', 'instances');

/** Run `anystop darp ...` in process; returns what it printed and the exit code it set. */
async function run(args: string[]): Promise<{ out: string[]; err: string[]; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  const error = jest.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    const program = new Command().exitOverride();
    registerDarpCommands(program);
    await program.parseAsync(['node', 'anystop', 'darp', ...args]);
    return { out, err, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('anystop darp solve', () => {
  test('--json prints exactly one line: instance, cost, vehicles, routes from 0 to 2n+1, feasible, timeS', async () => {
    const { out, exitCode } = await run(['solve', join(INSTANCES, 'a2-16.txt'), '--time-limit', '0.5', '--json', '--seed', '3']);
    expect(exitCode).toBe(0);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]) as { instance: string; cost: number; vehicles: number; routes: number[][]; feasible: boolean; timeS: number };
    expect(Object.keys(line)).toEqual(['instance', 'cost', 'vehicles', 'routes', 'feasible', 'timeS']);
    expect(line.instance).toBe('a2-16');
    expect(line.feasible).toBe(true);
    expect(line.vehicles).toBe(line.routes.length);
    for (const r of line.routes) expect([r[0], r[r.length - 1]]).toEqual([0, 33]);
    expect(line.routes.flatMap((r) => r.slice(1, -1)).sort((a, b) => a - b)).toEqual([...Array(32)].map((_, k) => k + 1));
    expect(line.cost).toBeLessThan(294.248 * 1.05);
  });

  test('without --json a readable summary names the instance, cost and routes', async () => {
    const { out } = await run(['solve', join(INSTANCES, 'a3-18.txt'), '--time-limit', '0.3']);
    expect(out[0]).toMatch(/^a3-18: 18 requests, at most 3 vehicles/);
    expect(out[1]).toMatch(/^cost \d+\.\d{4} with \d vehicles, feasible/);
    expect(out.some((l) => /route 1 \(/.test(l))).toBe(true);
  });

  test('a missing file is a clear message and exit code 1, no stack trace', async () => {
    const { out, err, exitCode } = await run(['solve', join(INSTANCES, 'nope.txt'), '--json']);
    expect(exitCode).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/No instance file at .*nope\.txt \[InstanceNotFound\]/);
    expect(err.join('\n')).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
