import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChGraph } from './ch/ChGraph';
import { networkBbox, type RoadNetwork } from './graph/RoadNetwork';
import type { TurnGraph } from './graph/turnGraph';
import { RoutingError } from '../errors';

/** Bumped whenever the stored layout changes; older folders must be prepared again. */
export const FORMAT_VERSION = 3;
export const GRAPH_FILE = 'graph.bin';
export const META_FILE = 'meta.json';

export interface PreparedRouter {
  network: RoadNetwork;
  /** The contraction hierarchy over the edge-based graph. */
  ch: ChGraph;
  /** The edge-based graph itself (turns), for loops back onto the start and turn-by-turn timing. */
  turns: TurnGraph;
}

export interface PreparedMeta {
  format: number;
  source: string;
  preparedAt: string;
  nodeCount: number;
  chainCount: number;
  /** Nodes of the edge-based graph (two per chain). */
  ebNodeCount: number;
  names: string[];
  bbox: [number, number, number, number];
  arrays: Array<{ key: string; type: ArrayKind; offset: number; length: number }>;
}

type ArrayKind = 'f64' | 'i32' | 'u8';
type AnyArray = Float64Array | Int32Array | Uint8Array;

const CTOR = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;

function kindOf(a: AnyArray): ArrayKind {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

/** Writes the network and hierarchy as one binary file of typed arrays plus a JSON description. */
export function savePrepared(dir: string, prepared: PreparedRouter, source: string, preparedAt: string): void {
  mkdirSync(dir, { recursive: true });
  const arrays: PreparedMeta['arrays'] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  const add = (key: string, a: AnyArray) => {
    const pad = (8 - (offset % 8)) % 8; // every array starts 8-byte aligned so it can be viewed in place
    if (pad) parts.push(Buffer.alloc(pad));
    offset += pad;
    arrays.push({ key, type: kindOf(a), offset, length: a.length });
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    offset += a.byteLength;
  };
  for (const [key, value] of Object.entries(prepared.network)) if (ArrayBuffer.isView(value)) add(`network.${key}`, value as AnyArray);
  for (const [key, value] of Object.entries(prepared.ch)) if (ArrayBuffer.isView(value)) add(`ch.${key}`, value as AnyArray);
  for (const [key, value] of Object.entries(prepared.turns)) if (ArrayBuffer.isView(value)) add(`turns.${key}`, value as AnyArray);
  const net = prepared.network;
  const meta: PreparedMeta = {
    format: FORMAT_VERSION,
    source,
    preparedAt,
    nodeCount: net.nodeCount,
    chainCount: net.chainCount,
    ebNodeCount: prepared.ch.nodeCount,
    names: net.names,
    bbox: networkBbox(net),
    arrays,
  };
  writeFileSync(join(dir, GRAPH_FILE), Buffer.concat(parts));
  writeFileSync(join(dir, META_FILE), JSON.stringify(meta));
}

export function readPreparedMeta(dir: string): PreparedMeta {
  const metaPath = join(dir, META_FILE);
  if (!existsSync(metaPath)) {
    throw new RoutingError('InvalidInput', `${dir} holds no prepared router (no ${META_FILE}). Run: npx anystop routing prepare <file.osm.pbf> --out ${dir}`);
  }
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as PreparedMeta;
  if (meta.format !== FORMAT_VERSION) {
    throw new RoutingError('InvalidInput', `${dir} was prepared in format ${meta.format}; this version reads ${FORMAT_VERSION}. Prepare it again.`);
  }
  return meta;
}

/** Loads a prepared folder: the typed arrays are views on one read of the file, nothing is rebuilt. */
export function loadPrepared(dir: string): PreparedRouter & { meta: PreparedMeta } {
  const meta = readPreparedMeta(dir);
  const file = readFileSync(join(dir, GRAPH_FILE));
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const network: Record<string, unknown> = { nodeCount: meta.nodeCount, chainCount: meta.chainCount, names: meta.names };
  const ch: Record<string, unknown> = { nodeCount: meta.ebNodeCount };
  const turns: Record<string, unknown> = { nodeCount: meta.ebNodeCount };
  const groups: Record<string, Record<string, unknown>> = { network, ch, turns };
  for (const a of meta.arrays) {
    const view = new CTOR[a.type](buffer, a.offset, a.length);
    const [group, key] = a.key.split('.');
    groups[group][key] = view;
  }
  return { network: network as unknown as RoadNetwork, ch: ch as unknown as ChGraph, turns: turns as unknown as TurnGraph, meta };
}
