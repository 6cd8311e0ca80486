import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * The SQL audit, kept: every value reaches PostgreSQL as a parameter ($1, $2, …). Text pasted into a SQL string
 * in this folder must be a fragment made from code (column lists, `$n` placeholders, table and column names),
 * never a value. Each allowed shape is listed here with why it is safe; anything else fails the test.
 */
const SAFE_SHAPES: { shape: RegExp; why: string }[] = [
  { shape: /^[A-Z][A-Z0-9_]*$/, why: 'a constant of this folder: column lists, ORDER BY clauses' },
  { shape: /^(pointParam|timeParam)\(\d+\)$/, why: 'a `$n` placeholder wrapped in a conversion (sqlFragments.ts)' },
  { shape: /^(epochColumn|lngLatColumn)\('([a-z]\.)?[a-z_]+'\)$/, why: 'a column name (with its table alias) written in the code' },
  { shape: /^tripColumns\('(t\.|\(r\.trip\)\.)'\)$/, why: 'the trip columns of an alias written in the code (createRejected, offerAndAccept)' },
  { shape: /^insert\.sql$/, why: 'tripInsert(): placeholders only, its values go in insert.params' },
  { shape: /^rows$/, why: 'PositionRepository: an unnest() over $1…$6' },
  { shape: /^set$/, why: 'StopEventRepository.updateStop: SET clauses written in this folder, values as `$n`' },
  { shape: /^options\.extraSet \? `, \$\{options\.extraSet\}` : ''$/, why: 'transitionTrip: SET clauses written by its callers in this folder, values in extraParams' },
  { shape: /^options\.activeOnly \? 'WHERE active' : ''$/, why: 'a literal' },
  { shape: /^lock \? ' FOR UPDATE' : ''$/, why: 'a literal' },
  { shape: /^column$/, why: 'sqlFragments.ts: column names written in the code' },
  { shape: /^name$/, why: 'openScratchDatabase: a database name (an identifier cannot be a parameter) of random hex' },
];
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|SET|VALUES|CREATE|DROP)\b/;

function interpolations(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL.test(text)) for (const span of node.templateSpans) found.push(span.expression.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('dispatcher/persistence builds SQL only from code; values travel as parameters', () => {
  const dir = __dirname;
  const unsafe = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => interpolations(join(dir, f)).map((expression) => ({ file: f, expression })))
    .filter(({ expression }) => !SAFE_SHAPES.some((s) => s.shape.test(expression)));
  expect(unsafe).toEqual([]);
});

test('the audit sees interpolations at all (it would pass vacuously on a parser change)', () => {
  expect(interpolations(join(__dirname, 'tripTransitions.ts'))).toEqual(['timeParam(3)', "options.extraSet ? `, ${options.extraSet}` : ''", 'TRIP_COLUMNS']);
});
