import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessTableMarkdown } from './accessTableMarkdown';

test('docs/authorization.md shows the access table the dispatcher enforces', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'authorization.md'), 'utf8');
  const shown = /<!-- access-table:start -->\n([\s\S]*?)\n<!-- access-table:end -->/.exec(doc)?.[1];
  // On a mismatch, paste accessTableMarkdown() between the markers.
  expect(shown).toBe(accessTableMarkdown());
});
