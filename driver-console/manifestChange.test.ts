import type { Manifest, ManifestStop } from '../protocol/realtime';
import { manifestChange } from './manifestChange';

/** A stop of trip `trip` at x (a point on a line), the rest as any stop. */
function stop(trip: string, kind: 'pickup' | 'dropoff', x: number): ManifestStop {
  return { tripId: trip, kind, location: [x, 0], riderName: 'R', street: '', noShowAllowedAtS: null, passengers: 1, wheelchairs: 0, plannedAt: 0, earliestS: 0, latestS: 0, state: 'planned' };
}
function manifest(...stops: ManifestStop[]): Manifest {
  return { vehicleId: 'bus', onShift: true, shiftEndsAt: null, scheduleVersion: 1, stops, routeToNext: [], maneuversToNext: [], offSiteStopM: 150 } as Manifest;
}

describe('what a driver is told when the manifest changes', () => {
  test('a trip squeezed in keeps the other stops in their turn (2 added, none moved); kept stops that swap turns are both moved', () => {
    const before = manifest(stop('a', 'pickup', 1), stop('a', 'dropoff', 5));
    // Trip b's pickup and drop-off go in before a's drop-off: a's drop-off keeps its turn among the kept stops.
    expect(manifestChange(before, manifest(stop('a', 'pickup', 1), stop('b', 'pickup', 2), stop('b', 'dropoff', 3), stop('a', 'dropoff', 5)), new Set())).toEqual({ added: 2, removed: 0, moved: 0 });
    // The kept stops swap their order: both moved.
    const two = manifest(stop('a', 'dropoff', 5), stop('c', 'pickup', 7));
    expect(manifestChange(two, manifest(stop('c', 'pickup', 7), stop('d', 'pickup', 8), stop('d', 'dropoff', 9), stop('a', 'dropoff', 5)), new Set())).toEqual({ added: 2, removed: 0, moved: 2 });
  });

  test('a stop whose place changed (a new curb) counts as moved; a served stop gone is not "removed"; nothing noticed is null', () => {
    const before = manifest(stop('a', 'pickup', 1), stop('a', 'dropoff', 5), stop('c', 'dropoff', 6));
    expect(manifestChange(before, manifest(stop('a', 'dropoff', 5.5), stop('c', 'dropoff', 6)), new Set(['a:pickup']))).toEqual({ added: 0, removed: 0, moved: 1 });
    expect(manifestChange(before, manifest(stop('a', 'dropoff', 5), stop('c', 'dropoff', 6)), new Set())).toEqual({ added: 0, removed: 1, moved: 0 });
    expect(manifestChange(before, before, new Set())).toBeNull();
  });
});
