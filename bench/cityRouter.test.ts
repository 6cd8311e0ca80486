import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityRouter, citySource } from './cityRouter';
import { GRAPH_FILE } from '../routing/builtin/storage';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'city-router-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('an empty folder is prepared once, then the same city is loaded from it without preparing again', () => {
  const first = cityRouter(400, dir);
  expect(first.prepared).toBe(true);
  expect(first.meta.source).toBe(citySource(400));
  const written = statSync(join(dir, GRAPH_FILE)).mtimeMs;
  const again = cityRouter(400, dir);
  expect(again.prepared).toBe(false);
  expect(statSync(join(dir, GRAPH_FILE)).mtimeMs).toBe(written);
  expect(again.meta.ebNodeCount).toBe(first.meta.ebNodeCount);
  expect(Array.from(again.ch.fwdHead)).toEqual(Array.from(first.ch.fwdHead));
});

test('a folder holding another city is refused, not reused for the wrong size', () => {
  cityRouter(400, dir);
  expect(() => cityRouter(900, dir)).toThrow(/holds synthetic-400, not synthetic-900/);
});
