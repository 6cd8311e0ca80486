import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import { type CurbWay, deriveMeetingPoints, unsafeCurb } from './deriveMeetingPoints';
import { meetingPointsGeoJson, parseMeetingPointsGeoJson } from './parseMeetingPointsGeoJson';

// Near the equator 0.001° of longitude is 111 m.
const way = (id: number, tags: Record<string, string>, xs: number[], firstNode = id * 100): CurbWay => ({
  id,
  tags,
  nodeIds: xs.map((_, i) => firstNode + i),
  coords: xs.map((x): LngLat => [x, 0]),
});

describe('safe curbs from the road network', () => {
  test('motorways, trunks, links, roundabouts, tunnels, private roads and no-stopping curbs offer none', () => {
    expect(unsafeCurb({ highway: 'motorway' })).toBe('highway=motorway');
    expect(unsafeCurb({ highway: 'trunk' })).toBe('highway=trunk');
    expect(unsafeCurb({ highway: 'primary_link' })).toBe('highway=primary_link');
    expect(unsafeCurb({ highway: 'residential', junction: 'roundabout' })).toBe('roundabout');
    expect(unsafeCurb({ highway: 'secondary', tunnel: 'yes' })).toBe('tunnel or bridge');
    expect(unsafeCurb({ highway: 'residential', access: 'private' })).toBe('access=private');
    expect(unsafeCurb({ highway: 'tertiary', 'parking:both': 'no_stopping' })).toBe('parking:both=no_stopping');
    expect(unsafeCurb({ highway: 'residential' })).toBeNull();
    expect(unsafeCurb({ highway: 'primary', bridge: 'no' })).toBeNull();
  });

  test('a 555 m street between two junctions gets points spaced apart, none within the clearance of a junction', () => {
    // Nodes every 111 m; the street's ends are junctions with other roads.
    const street = way(1, { highway: 'residential', name: 'Rue A' }, [0, 0.001, 0.002, 0.003, 0.004, 0.005]);
    const points = deriveMeetingPoints([street], new Set([100, 105]), { junctionClearanceM: 30, spacingM: 120 });
    // Usable 555 − 60 = 495 m: five points 120 m apart, centred.
    expect(points).toHaveLength(5);
    expect(points.map((p) => p.id)).toEqual(['osm-1-1', 'osm-1-2', 'osm-1-3', 'osm-1-4', 'osm-1-5']);
    for (const p of points) {
      expect(p).toMatchObject({ source: 'network', name: 'Rue A' });
      expect(distanceM(p.location, [0, 0])).toBeGreaterThanOrEqual(30);
      expect(distanceM(p.location, [0.005, 0])).toBeGreaterThanOrEqual(30);
    }
    expect(distanceM(points[0].location, points[1].location)).toBeCloseTo(120, 0);
  });

  test('a junction mid-street splits it: no point stands in the crossing', () => {
    const street = way(2, { highway: 'tertiary' }, [0, 0.001, 0.002, 0.003, 0.004]);
    const crossing: LngLat = [0.002, 0];
    const points = deriveMeetingPoints([street], new Set([200, 202, 204]), { junctionClearanceM: 30, spacingM: 500 });
    // Two stretches of 222 m, one point in the middle of each.
    expect(points).toHaveLength(2);
    for (const p of points) expect(distanceM(p.location, crossing)).toBeGreaterThanOrEqual(30);
    expect(distanceM(points[0].location, [0.001, 0])).toBeLessThan(1);
  });

  test('a stretch too short for the clearance at both ends, and a motorway, get none', () => {
    const short = way(3, { highway: 'residential' }, [0, 0.0005]);
    const motorway = way(4, { highway: 'motorway' }, [0, 0.001, 0.002, 0.003]);
    expect(deriveMeetingPoints([short, motorway], new Set(), { junctionClearanceM: 30, spacingM: 120 })).toEqual([]);
  });
});

describe('meeting points imported from GeoJSON', () => {
  test('points keep their ids and names, and the derived file reads back as it was written', () => {
    const parsed = parseMeetingPointsGeoJson({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'clinic', geometry: { type: 'Point', coordinates: [127.1, 37.5] }, properties: { name: 'Clinic gate' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [127.2, 37.6] }, properties: null },
      ],
    });
    expect(parsed).toEqual([
      { id: 'clinic', location: [127.1, 37.5], source: 'imported', name: 'Clinic gate' },
      { id: 'mp-2', location: [127.2, 37.6], source: 'imported', name: '' },
    ]);
    const derived = deriveMeetingPoints([way(5, { highway: 'residential' }, [0, 0.001, 0.002])], new Set());
    expect(parseMeetingPointsGeoJson(JSON.parse(JSON.stringify(meetingPointsGeoJson(derived))))).toEqual(derived);
  });

  test('a line instead of a point, and a repeated id, are refused with InvalidMeetingPoints', () => {
    const line = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: {} }] };
    expect(() => parseMeetingPointsGeoJson(line)).toThrow(expect.objectContaining({ code: 'InvalidMeetingPoints' }));
    const twice = { type: 'FeatureCollection', features: [0, 1].map(() => ({ type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [0, 0] } })) };
    expect(() => parseMeetingPointsGeoJson(twice)).toThrow(/appears twice/);
  });
});
