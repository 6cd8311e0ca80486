import { createOSMStream } from 'osm-pbf-parser-node';
import { carNodeBlocked, carNodePenaltyS, carWaySpeeds, type Tags, type WaySpeeds } from './carProfile';

/** The drivable part of an extract, as read from the file: ways with their car speeds, and their nodes. */
export interface DrivableExtract {
  ways: DrivableWay[];
  /** OSM node id → position in nodeLon/nodeLat. Only nodes used by drivable ways. */
  nodeIndex: Map<number, number>;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** Seconds lost passing each node (traffic signals). */
  nodePenaltyS: Float32Array;
  /** 1 where a barrier stops cars. */
  nodeBlocked: Uint8Array;
}

export interface DrivableWay extends WaySpeeds {
  id: number;
  refs: number[];
}

interface OsmElement {
  type?: string;
  id?: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  tags?: Tags;
}

export type ReadProgress = (phase: 'ways' | 'nodes', elements: number) => void;

/**
 * Reads an .osm.pbf in two passes: ways first (which nodes matter), then only those nodes,
 * so memory follows the road network, not the whole extract.
 */
export async function readOsmExtract(file: string, onProgress?: ReadProgress): Promise<DrivableExtract> {
  const ways: DrivableWay[] = [];
  const nodeIndex = new Map<number, number>();
  let seen = 0;
  for await (const batch of elements(file, { node: false, way: true, relation: false })) {
    const el = batch as OsmElement;
    if (el.type !== 'way' || !el.refs || el.refs.length < 2 || !el.tags || el.id === undefined) continue;
    if (++seen % 5000 === 0) onProgress?.('ways', seen);
    const speeds = carWaySpeeds(el.tags);
    if (!speeds || (speeds.forwardKmh <= 0 && speeds.backwardKmh <= 0)) continue;
    ways.push({ id: el.id, refs: el.refs, ...speeds });
    for (const ref of el.refs) if (!nodeIndex.has(ref)) nodeIndex.set(ref, nodeIndex.size);
  }
  onProgress?.('ways', seen);

  const n = nodeIndex.size;
  const nodeLon = new Float64Array(n).fill(NaN);
  const nodeLat = new Float64Array(n).fill(NaN);
  const nodePenaltyS = new Float32Array(n);
  const nodeBlocked = new Uint8Array(n);
  seen = 0;
  for await (const batch of elements(file, { node: NODE_TAG_KEYS, way: false, relation: false })) {
    const el = batch as OsmElement;
    if (el.type !== 'node' || el.id === undefined) continue;
    if (++seen % 100000 === 0) onProgress?.('nodes', seen);
    const i = nodeIndex.get(el.id);
    if (i === undefined || el.lon === undefined || el.lat === undefined) continue;
    nodeLon[i] = el.lon;
    nodeLat[i] = el.lat;
    nodePenaltyS[i] = carNodePenaltyS(el.tags);
    nodeBlocked[i] = carNodeBlocked(el.tags) ? 1 : 0;
  }
  onProgress?.('nodes', seen);
  return { ways, nodeIndex, nodeLon, nodeLat, nodePenaltyS, nodeBlocked };
}

/** Node tags the car profile reads; other node tags are dropped while parsing. */
const NODE_TAG_KEYS = ['highway', 'barrier', 'access', 'motor_vehicle', 'motorcar', 'vehicle'];

type WithTags = boolean | string[];

function elements(file: string, withTags: { node: WithTags; way: WithTags; relation: WithTags }): AsyncIterable<unknown> {
  // The parser yields a header object first, then elements; with tags only where asked.
  return createOSMStream(file, { withTags, withInfo: false }) as unknown as AsyncIterable<unknown>;
}
