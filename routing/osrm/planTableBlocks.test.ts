import { planTableBlocks, type TableBlock } from './planTableBlocks';

function cellsCovered(blocks: TableBlock[], rows: number, columns: number): number[][] {
  const seen = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
  for (const b of blocks) {
    for (let i = b.sourceStart; i < b.sourceEnd; i++) for (let j = b.destinationStart; j < b.destinationEnd; j++) seen[i]![j]!++;
  }
  return seen;
}

describe('planTableBlocks', () => {
  it.each([
    [120, 120, 100],
    [50, 50, 30],
    [3, 500, 100],
    [500, 1, 100],
    [7, 9, 2],
  ])('%i sources × %i destinations with %i coordinates per request: every cell once, no block too big', (s, d, max) => {
    const blocks = planTableBlocks(s, d, max);
    expect(cellsCovered(blocks, s, d).flat().every((n) => n === 1)).toBe(true);
    for (const b of blocks) expect(b.sourceEnd - b.sourceStart + (b.destinationEnd - b.destinationStart)).toBeLessThanOrEqual(max);
  });

  it('120 × 120 under a limit of 100 takes 6 requests (40 rows × 60 columns), not 9 halves', () => {
    const blocks = planTableBlocks(120, 120, 100);
    expect(blocks).toHaveLength(6);
    expect(blocks[0]).toEqual({ sourceStart: 0, sourceEnd: 40, destinationStart: 0, destinationEnd: 60 });
  });

  it('one vehicle to 500 stops spends the budget on stops: 1 row × 99 columns', () => {
    const blocks = planTableBlocks(1, 500, 100);
    expect(blocks).toHaveLength(6);
    expect(blocks.every((b) => b.sourceEnd - b.sourceStart === 1)).toBe(true);
  });

  it('refuses a limit that cannot hold a source and a destination', () => {
    expect(() => planTableBlocks(3, 3, 1)).toThrow(/≥ 2/);
  });
});
