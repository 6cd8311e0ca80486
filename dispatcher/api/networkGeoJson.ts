import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import type { NetworkFeatureCollection } from '../../protocol/pages';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The road network's chains as GeoJSON, one MultiLineString per street name, for maps drawn without tiles. */
export function networkGeoJson(net: RoadNetwork): NetworkFeatureCollection {
  const byName = new Map<number, [number, number][][]>();
  for (let c = 0; c < net.chainCount; c++) {
    const line: [number, number][] = [];
    for (let i = net.chainCoordStart[c]; i < net.chainCoordStart[c + 1]; i++) line.push([round6(net.coordLon[i]), round6(net.coordLat[i])]);
    if (line.length < 2) continue;
    const lines = byName.get(net.chainName[c]) ?? [];
    lines.push(line);
    byName.set(net.chainName[c], lines);
  }
  return {
    type: 'FeatureCollection',
    features: [...byName].map(([name, coordinates]) => ({
      type: 'Feature',
      properties: { name: net.names[name] ?? '' },
      geometry: { type: 'MultiLineString', coordinates },
    })),
  };
}
