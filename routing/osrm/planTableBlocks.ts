/** Rows [sourceStart, sourceEnd) × columns [destinationStart, destinationEnd) of a larger table. */
export interface TableBlock {
  sourceStart: number;
  sourceEnd: number;
  destinationStart: number;
  destinationEnd: number;
}

/**
 * Cuts a sourceCount × destinationCount table into blocks whose request carries at most
 * `maxCoordinates` coordinates (block rows + block columns), in as few requests as possible.
 * Blocks come row-major: all column blocks of the first row band, then the next band.
 *
 *   sources ─┬─ band 0 ── [dst 0..d) [dst d..2d) …
 *            └─ band 1 ── [dst 0..d) [dst d..2d) …
 */
export function planTableBlocks(sourceCount: number, destinationCount: number, maxCoordinates: number): TableBlock[] {
  if (!Number.isInteger(maxCoordinates) || maxCoordinates < 2) {
    throw new RangeError(`maxCoordinates must be a whole number ≥ 2 (one source and one destination), got ${maxCoordinates}`);
  }
  if (sourceCount === 0 || destinationCount === 0) return [];
  const { rows, columns } = bestBlockShape(sourceCount, destinationCount, maxCoordinates);
  const blocks: TableBlock[] = [];
  for (let s = 0; s < sourceCount; s += rows) {
    for (let d = 0; d < destinationCount; d += columns) {
      blocks.push({
        sourceStart: s,
        sourceEnd: Math.min(s + rows, sourceCount),
        destinationStart: d,
        destinationEnd: Math.min(d + columns, destinationCount),
      });
    }
  }
  return blocks;
}

/** Tries every split of the coordinate budget between rows and columns; the first with fewest blocks wins. */
function bestBlockShape(sourceCount: number, destinationCount: number, max: number): { rows: number; columns: number } {
  let best = { rows: 1, columns: max - 1, blocks: Infinity };
  for (let rows = 1; rows < max; rows++) {
    const r = Math.min(rows, sourceCount);
    const c = Math.min(max - rows, destinationCount);
    const blocks = Math.ceil(sourceCount / r) * Math.ceil(destinationCount / c);
    if (blocks < best.blocks) best = { rows: r, columns: c, blocks };
  }
  return best;
}
