import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/summarizeCpuProfile.js FILE.cpuprofile [--top 15] [--last S] [--callers PATTERN]`: where the
 * server's CPU went, by stage of the request path. Each sample goes to the first stage found walking its stack from
 * the running frame up (so a JSON.parse inside the pg driver counts as the transaction), plus the top frames by self
 * time. `--last S` keeps only the last S seconds (a load run's steady part, without the start-up and set-up);
 * `--callers PATTERN` adds, for the frames matching it, the frames above them that are not node's internals.
 */
interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Stage patterns, tested against "function url", most specific first. */
const STAGES: Array<[string, RegExp]> = [
  ['idle', /^\((idle|program)\)/],
  ['garbage collection', /^\(garbage collector\)/],
  ['validation (zod)', /node_modules\/zod\/|\/api\/schemas|validate/i],
  ['tokens (jose)', /node_modules\/jose\/|\/auth\//],
  ['service-area check', /serviceArea|ServiceArea|networkHull|pointInPolygon|booleanPointIn/],
  ['snapping', /nearest|snap/i],
  ['tables (CH)', /ChTable|ChQuery|\/routing\//],
  ['insertion', /\/insertion\/|decideRequest|compileFleetProblem|planRequest/],
  ['event append', /EventRepository|appendEvent|\/events/],
  ['transaction (pg)', /node_modules\/pg|node_modules\/pg-protocol|\/persistence\//],
  ['re-optimizer (event-loop part)', /Reoptimizer|reoptimize/],
  ['realtime (websockets)', /\/realtime\/|node_modules\/ws\//],
  ['JSON', /JSON|body-parser|raw-body|stringify|parse/],
  ['express / HTTP', /node_modules\/(express|router|helmet|finalhandler|send)|node:_http|_http_|\bhttp\b/],
  ['dispatcher (other)', /\/dispatcher\//],
];

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: summarizeCpuProfile FILE.cpuprofile [--top N]');
  const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const topN = Number(flag('--top') ?? 15);
  const lastS = flag('--last') === undefined ? Infinity : Number(flag('--last'));
  const callersOf = flag('--callers') === undefined ? null : new RegExp(flag('--callers')!);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: CpuNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url}`;
  const stageOf = new Map<number, string>();
  const stage = (id: number): string => {
    const known = stageOf.get(id);
    if (known) return known;
    let s = 'other';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      const hit = STAGES.find(([, re]) => re.test(l));
      if (hit) {
        s = hit[0];
        break;
      }
    }
    stageOf.set(id, s);
    return s;
  };
  const stageMs = new Map<string, number>();
  const selfMs = new Map<string, number>();
  const callerMs = new Map<string, number>();
  const at: number[] = [];
  let clock = 0;
  for (const d of profile.timeDeltas) at.push((clock += d / 1000));
  const from = clock - lastS * 1000;
  let total = 0;
  profile.samples.forEach((id, k) => {
    if (at[k] < from) return;
    const ms = (profile.timeDeltas[k] ?? 0) / 1000;
    total += ms;
    const s = stage(id);
    stageMs.set(s, (stageMs.get(s) ?? 0) + ms);
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1')}:${n.callFrame.lineNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
    if (callersOf && callersOf.test(label(n))) {
      let up = parent.get(id);
      while (up !== undefined && /^node:|^$/.test(byId.get(up)!.callFrame.url)) up = parent.get(up);
      const c = up === undefined ? '(root)' : byId.get(up)!;
      const ck = typeof c === 'string' ? c : `${c.callFrame.functionName || '(anonymous)'} ${c.callFrame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1')}:${c.callFrame.lineNumber + 1}`;
      callerMs.set(ck, (callerMs.get(ck) ?? 0) + ms);
    }
  });
  const busy = total - (stageMs.get('idle') ?? 0);
  process.stdout.write(`profile ${(total / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s\n\nstage                              ms   % of busy\n`);
  for (const [s, ms] of [...stageMs].filter(([s]) => s !== 'idle').sort((a, b) => b[1] - a[1])) {
    process.stdout.write(`${s.padEnd(32)} ${ms.toFixed(0).padStart(6)}  ${((100 * ms) / busy).toFixed(1).padStart(6)}\n`);
  }
  process.stdout.write(`\ntop ${topN} frames by self time (ms, % of busy)\n`);
  for (const [k, ms] of [...selfMs].filter(([k]) => !/^\((idle|program)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, topN)) {
    process.stdout.write(`${ms.toFixed(0).padStart(6)}  ${((100 * ms) / busy).toFixed(1).padStart(5)}  ${k}\n`);
  }
  if (callersOf) {
    process.stdout.write(`\nframes above ${callersOf.source} (first one outside node's internals; ms, % of busy)\n`);
    for (const [k, ms] of [...callerMs].sort((a, b) => b[1] - a[1]).slice(0, topN)) {
      process.stdout.write(`${ms.toFixed(0).padStart(6)}  ${((100 * ms) / busy).toFixed(1).padStart(5)}  ${k}\n`);
    }
  }
}

main();
