import { TOKEN_ROLES, type TokenRole } from '../../protocol/auth';
import { ACCESS_RULES, type AccessRule, expectedOutcome, type Outcome, PUBLIC_ROUTES } from './accessTable';

/** How a refusal looks on the wire: HTTP status, or for a websocket the close code at hello, or the error code of a message. */
function shown(rule: AccessRule, outcome: Outcome): string {
  if (outcome === 'allowed') return '✓';
  if (rule.kind === 'http') return { unauthenticated: '401', forbidden: '403', notFound: '404' }[outcome];
  if (rule.id.startsWith('ws hello') || outcome === 'unauthenticated') return '4003';
  return outcome === 'notFound' ? 'NotFound' : 'Forbidden';
}

function cell(rule: AccessRule, role: TokenRole | null): string {
  if (!rule.ownership) return shown(rule, expectedOutcome(rule, role, 'any'));
  const own = shown(rule, expectedOutcome(rule, role, 'own'));
  const other = shown(rule, expectedOutcome(rule, role, 'other'));
  const text = own === other ? own : `own ${own}, other’s ${other}`;
  return role && rule.roles[role] === 'redacted' ? `${text} (no rider data)` : text;
}

/** The table as docs/authorization.md shows it, made from ACCESS_RULES (a test keeps the doc equal to it). */
export function accessTableMarkdown(): string {
  const head = ['route or channel', 'own means', 'no token', ...TOKEN_ROLES];
  const rows = ACCESS_RULES.map((rule) => [`\`${rule.id}\` ${rule.summary}`, rule.ownership ?? '—', cell(rule, null), ...TOKEN_ROLES.map((r) => cell(rule, r))]);
  const publicRows = PUBLIC_ROUTES.map((r) => `| \`${r.id}\` ${r.summary} |`);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| public (no token needed) |',
    '|---|',
    ...publicRows,
  ].join('\n');
}
