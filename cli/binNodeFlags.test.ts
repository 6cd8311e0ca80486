import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '..', 'bin', 'anystop.js');

test("the command, started as operators start it (npx anystop, its own path), gives node the product's young generation", () => {
  const dir = mkdtempSync(join(tmpdir(), 'anystop-bin-'));
  try {
    // Loaded before the command runs: says which flags node was started with.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "process.stderr.write('execArgv ' + JSON.stringify(process.execArgv) + '\\n');\n");
    const run = spawnSync(BIN, ['simulate', '--help'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(probe)}` } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--seed <n>');
    const line = /^execArgv (.*)$/m.exec(run.stderr);
    expect(line).not.toBeNull();
    expect(JSON.parse(line![1]!)).toContain('--max-semi-space-size=32');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
