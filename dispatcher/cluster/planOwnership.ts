/** What one heartbeat does about zones: hand some back, then try to take free ones until `room` are taken. */
export interface OwnershipPlan {
  release: number[];
  /** Zones to try, in order; stop after `room` locks are won. */
  candidates: number[];
  room: number;
}

/**
 * Each of `live` instances owns at most its fair share, ceil(zones / live). Zones that are gone are handed back; above
 * the share (an instance joined), the highest zone is handed back, one per heartbeat so the cluster does not flap;
 * below it, free zones are tried lowest first. Pure: the heartbeat (ZoneOwnership) does the locking.
 */
export function planOwnership(owned: ReadonlySet<number>, zones: readonly number[], live: number): OwnershipPlan {
  const fair = Math.ceil(zones.length / Math.max(1, live));
  const present = new Set(zones);
  const release = [...owned].filter((z) => !present.has(z));
  const kept = [...owned].filter((z) => present.has(z)).sort((a, b) => a - b);
  if (kept.length > fair) release.push(kept[kept.length - 1]);
  const room = Math.max(0, fair - kept.length);
  return { release, candidates: room > 0 ? zones.filter((z) => !owned.has(z)) : [], room };
}
