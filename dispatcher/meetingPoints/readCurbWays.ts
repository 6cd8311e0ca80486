import { carWaySpeeds } from '../../routing/builtin/osm/carProfile';
import { osmElements } from '../../routing/builtin/osm/osmElements';
import type { LngLat } from '../../routing/Router';
import type { CurbWay } from './deriveMeetingPoints';
import { unsafeCurb } from './deriveMeetingPoints';

/**
 * Reads an .osm.pbf for the curb derivation, in two passes (ways, then the nodes of the stoppable ones): the
 * stoppable ways with their geometry, and the junctions (nodes shared by two drivable ways, motorways included).
 */
export async function readCurbWays(file: string): Promise<{ ways: CurbWay[]; junctionNodeIds: Set<number> }> {
  const uses = new Map<number, number>();
  const kept: Array<{ id: number; tags: Record<string, string>; refs: number[] }> = [];
  for await (const el of osmElements(file, { node: false, way: true, relation: false })) {
    if (el.type !== 'way' || !el.refs || el.refs.length < 2 || !el.tags || el.id === undefined) continue;
    if (!carWaySpeeds(el.tags)) continue;
    // A closed way meets itself at its first node; count each node once per way.
    for (const ref of new Set(el.refs)) uses.set(ref, (uses.get(ref) ?? 0) + 1);
    if (unsafeCurb(el.tags) === null) kept.push({ id: el.id, tags: el.tags, refs: el.refs });
  }
  const wanted = new Set<number>();
  for (const w of kept) for (const r of w.refs) wanted.add(r);
  const position = new Map<number, LngLat>();
  for await (const el of osmElements(file, { node: false, way: false, relation: false })) {
    if (el.type === 'node' && el.id !== undefined && el.lon !== undefined && el.lat !== undefined && wanted.has(el.id)) position.set(el.id, [el.lon, el.lat]);
  }
  const junctionNodeIds = new Set<number>();
  for (const [id, n] of uses) if (n >= 2) junctionNodeIds.add(id);
  const ways: CurbWay[] = [];
  for (const w of kept) {
    const refs = w.refs.filter((r) => position.has(r));
    if (refs.length < 2) continue;
    ways.push({ id: w.id, tags: w.tags, nodeIds: refs, coords: refs.map((r) => position.get(r)!) });
  }
  return { ways, junctionNodeIds };
}
