import type { Manifest } from '../protocol/realtime';

/** What changed between two manifests of the same vehicle, as a driver should be told it. */
export interface ManifestChange {
  added: number;
  removed: number;
  moved: number;
}

const keyOf = (s: { tripId: string; kind: string }) => `${s.tripId}:${s.kind}`;

/**
 * Stops added, removed (not counting those the driver served: `served` holds their keys) and moved: a kept
 * stop whose place changed, or whose turn among the kept stops did. Null when nothing a driver notices changed.
 */
export function manifestChange(before: Manifest, after: Manifest, served: ReadonlySet<string>): ManifestChange | null {
  const old = new Map(before.stops.map((s, i) => [keyOf(s), { s, i }]));
  const now = new Map(after.stops.map((s, i) => [keyOf(s), { s, i }]));
  const added = after.stops.filter((s) => !old.has(keyOf(s))).length;
  const removed = before.stops.filter((s) => !now.has(keyOf(s)) && !served.has(keyOf(s))).length;
  const keptBefore = before.stops.map(keyOf).filter((k) => now.has(k));
  const keptAfter = after.stops.map(keyOf).filter((k) => old.has(k));
  let moved = 0;
  keptAfter.forEach((k, i) => {
    const a = old.get(k)!.s.location;
    const b = now.get(k)!.s.location;
    if (keptBefore[i] !== k || a[0] !== b[0] || a[1] !== b[1]) moved++;
  });
  return added || removed || moved ? { added, removed, moved } : null;
}
