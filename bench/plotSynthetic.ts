import { readFileSync, writeFileSync } from 'node:fs';
import type { SyntheticRow } from './syntheticBench';

/**
 * `node dist/bench/plotSynthetic.js <bench-json-file> <out.svg>`: a log-log SVG of the growth table
 * that `npm run bench:routing -- --synthetic --json` prints (one line `{"synthetic": [...]}`).
 */
const SERIES: Array<{ key: keyof SyntheticRow; label: string; colour: string; scale: number }> = [
  { key: 'prepareS', label: 'prepare (ms)', colour: '#d62728', scale: 1000 },
  { key: 'loadMs', label: 'load (ms)', colour: '#9467bd', scale: 1 },
  { key: 'tableMs', label: '100×100 table (ms)', colour: '#1f77b4', scale: 1 },
  { key: 'routeMs', label: 'route (ms)', colour: '#2ca02c', scale: 1 },
  { key: 'nearestMs', label: 'nearest (ms)', colour: '#ff7f0e', scale: 1 },
];

export function plotSynthetic(rows: SyntheticRow[]): string {
  const W = 640, H = 420, L = 70, R = 170, T = 20, B = 50;
  const xs = rows.map((r) => Math.log10(r.nodes));
  const ys = rows.flatMap((r) => SERIES.map((s) => Math.log10(Math.max(1e-3, (r[s.key] as number) * s.scale))));
  const [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const px = (x: number) => L + ((x - x0) / Math.max(1e-9, x1 - x0)) * (W - L - R);
  const py = (y: number) => H - B - ((y - y0) / Math.max(1e-9, y1 - y0)) * (H - T - B);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  for (let e = x0; e <= x1; e++) out.push(`<line x1="${px(e)}" y1="${T}" x2="${px(e)}" y2="${H - B}" stroke="#ddd"/><text x="${px(e)}" y="${H - B + 16}" text-anchor="middle">10^${e}</text>`);
  for (let e = y0; e <= y1; e++) out.push(`<line x1="${L}" y1="${py(e)}" x2="${W - R}" y2="${py(e)}" stroke="#ddd"/><text x="${L - 6}" y="${py(e) + 4}" text-anchor="end">10^${e} ms</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">road nodes (log)</text>`);
  SERIES.forEach((s, k) => {
    const pts = rows.map((r) => `${px(Math.log10(r.nodes)).toFixed(1)},${py(Math.log10(Math.max(1e-3, (r[s.key] as number) * s.scale))).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${s.colour}"/>`);
    out.push(`<rect x="${W - R + 12}" y="${T + 16 * k}" width="10" height="10" fill="${s.colour}"/><text x="${W - R + 28}" y="${T + 9 + 16 * k}">${s.label}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

if (require.main === module && process.argv.length >= 4) {
  const [input, output] = process.argv.slice(2);
  const line = readFileSync(input, 'utf8').trim().split('\n').pop() ?? '';
  writeFileSync(output, plotSynthetic((JSON.parse(line) as { synthetic: SyntheticRow[] }).synthetic));
}
