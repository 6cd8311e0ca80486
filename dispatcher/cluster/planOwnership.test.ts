import { planOwnership } from './planOwnership';

describe('who takes which zone', () => {
  test('alone, an instance tries every zone', () => {
    expect(planOwnership(new Set(), [1, 2], 1)).toEqual({ release: [], candidates: [1, 2], room: 2 });
  });

  test('three instances and two zones: each owns at most one', () => {
    expect(planOwnership(new Set(), [1, 2], 3)).toEqual({ release: [], candidates: [1, 2], room: 1 });
    expect(planOwnership(new Set([2]), [1, 2], 3)).toEqual({ release: [], candidates: [], room: 0 });
  });

  test('a second instance joins: the first hands back its highest zone, one per heartbeat', () => {
    expect(planOwnership(new Set([1, 2]), [1, 2], 2)).toEqual({ release: [2], candidates: [], room: 0 });
    expect(planOwnership(new Set([1, 2, 3, 4]), [1, 2, 3, 4], 4)).toEqual({ release: [4], candidates: [], room: 0 });
  });

  test('an instance dies: the survivors have room for its zones', () => {
    expect(planOwnership(new Set([1]), [1, 2], 1)).toEqual({ release: [], candidates: [2], room: 1 });
  });

  test('a zone that is no longer active is handed back', () => {
    expect(planOwnership(new Set([1, 7]), [1, 2], 1)).toEqual({ release: [7], candidates: [2], room: 1 });
  });
});
