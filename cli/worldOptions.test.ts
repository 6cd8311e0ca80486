import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { OptionError } from './OptionError';
import { worldFromFlags } from './worldOptions';
import { DEFAULT_WORLD } from '../simulator/world/WorldConfig';

const BIN = resolve(__dirname, '..', 'bin', 'anystop.js');

test('the world flags make the world: traffic profile, noise sigma, no-show rate and seed; the rest at their defaults', () => {
  const w = worldFromFlags({ traffic: 'city', noise: '0.2', showRate: '0.05' }, 7, 9 * 3600);
  expect(w).toEqual({ ...DEFAULT_WORLD, seed: 7, utcOffsetS: 9 * 3600, traffic: 'city', noiseSigma: 0.2, noShowRate: 0.05 });
});

test.each([
  [{ traffic: 'rush', noise: '0', showRate: '0' }, /--traffic must be one of none, city/],
  [{ traffic: 'none', noise: '-0.1', showRate: '0' }, /--noise must be/],
  [{ traffic: 'none', noise: 'lots', showRate: '0' }, /--noise must be/],
  [{ traffic: 'none', noise: '', showRate: '0' }, /--noise must be/],
  [{ traffic: 'none', noise: '0', showRate: '1.5' }, /--no-show-rate must be a share from 0 to 1/],
  [{ traffic: 'none', noise: '0', showRate: 'five' }, /--no-show-rate must be/],
])('a bad world flag %j is refused with the InvalidOption code', (flags, message) => {
  let thrown: unknown = null;
  try {
    worldFromFlags(flags, 1, 0);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(OptionError);
  expect((thrown as OptionError).code).toBe('InvalidOption');
  expect((thrown as OptionError).message).toMatch(message);
});

test.each([
  ['simulate', ['--traffic', 'jam'], /^anystop: InvalidOption: --traffic must be one of none, city, got 'jam'/],
  ['simulate', ['--noise', '3'], /^anystop: InvalidOption: --noise must be/],
  ['demo', ['--no-show-rate', '-1'], /^anystop: InvalidOption: --no-show-rate must be/],
  ['demo', ['--seed', 'x'], /^anystop: InvalidOption: --seed must be a whole number/],
])('`anystop %s %j` stops at once with the coded error, before any router or database work', (command, flags, message) => {
  const run = spawnSync(process.execPath, [BIN, command, '--osm', 'no-such-city.osm.pbf', ...flags], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(message);
});

test('both commands document the world flags and the defaults of the rest in --help', () => {
  for (const command of ['simulate', 'demo']) {
    const run = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    for (const flag of ['--traffic <profile>', '--noise <sigma>', '--no-show-rate <share>', '--seed <n>', 'incidents', 'dwell', 'late to the curb', 'missed turn', 'GPS']) expect(run.stdout).toContain(flag);
  }
});
