/**
 * A body colour in words ("blue", "파란색"), for the rider who looks for the bus at the curb: the notification and the
 * screen reader cannot show a swatch. The nearest of a few colours people name vehicles by, in a perceptual-ish
 * RGB distance ("redmean"); anything that is not #rgb or #rrggbb has no name.
 */

export const COLOUR_NAMES = ['white', 'silver', 'grey', 'black', 'red', 'orange', 'yellow', 'green', 'blue', 'skyBlue', 'purple', 'pink', 'brown', 'beige'] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];

const PALETTE: ReadonlyArray<readonly [ColourName, number, number, number]> = [
  ['white', 255, 255, 255],
  ['silver', 192, 192, 192],
  ['grey', 120, 120, 120],
  ['black', 20, 20, 20],
  ['red', 220, 38, 38],
  ['orange', 234, 88, 12],
  ['yellow', 250, 204, 21],
  ['green', 22, 163, 74],
  ['blue', 29, 78, 216],
  ['skyBlue', 56, 189, 248],
  ['purple', 124, 58, 237],
  ['pink', 236, 72, 153],
  ['brown', 146, 64, 14],
  ['beige', 231, 215, 177],
];

export function colourName(css: string | null): ColourName | null {
  const m = css ? /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim()) : null;
  if (!m) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let best: ColourName = 'grey';
  let bestD = Infinity;
  for (const [name, pr, pg, pb] of PALETTE) {
    const mean = (r + pr) / 2;
    const d = (2 + mean / 256) * (r - pr) ** 2 + 4 * (g - pg) ** 2 + (2 + (255 - mean) / 256) * (b - pb) ** 2;
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best;
}
