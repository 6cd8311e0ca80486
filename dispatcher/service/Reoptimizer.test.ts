import { distanceM } from '../../routing/geo';
import type { LngLat, Router, TableResult } from '../../routing/Router';
import { ManualClock } from '../clock/Clock';
import { FleetState } from '../fleet/FleetState';
import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import type { ApplySchedulesInput, ApplySchedulesResult } from '../persistence/ScheduleRepository';
import { REOPTIMIZE_DEFAULTS, Reoptimizer, type ReoptimizeRound } from './Reoptimizer';

/** Straight lines at 10 m/s: enough for the search to have something to improve. */
function crowFlyRouter(onTable: (points: readonly LngLat[]) => void): Router {
  return {
    name: 'crow-fly',
    async route(points: readonly LngLat[]) {
      const legs = points.slice(1).map((p, k) => ({ durationS: distanceM(points[k], p) / 10, distanceM: distanceM(points[k], p), steps: [] }));
      const durationS = legs.reduce((t, l) => t + l.durationS, 0);
      return { durationS, distanceM: durationS * 10, geometry: { type: 'LineString' as const, coordinates: [...points] }, legs };
    },
    nearest: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
    async table(sources: readonly LngLat[], destinations: readonly LngLat[]): Promise<TableResult> {
      onTable(sources);
      const m = sources.map((a) => destinations.map((b) => distanceM(a, b)));
      return {
        durationsS: m.map((row) => row.map((d) => d / 10)),
        distancesM: m,
        sources: sources.map((p) => ({ location: p, distanceM: 0, name: '' })),
        destinations: destinations.map((p) => ({ location: p, distanceM: 0, name: '' })),
      };
    },
  };
}

/** 20 vehicles 300 m apart on a line, each given two trips that cross its neighbours' (so there is something to move). */
function lineFleet(): FleetState {
  const fleet = new FleetState(0);
  const at = (x: number): LngLat => [x * 0.0027, 0];
  for (let v = 0; v < 20; v++) {
    const trips = [trip(`t${v}a`, `v${v}`, at(v + 1), at(v - 1)), trip(`t${v}b`, `v${v}`, at(v - 1), at(v + 1))];
    for (const t of trips) fleet.putTrip(t);
    fleet.putVehicle(withTrips(vehicle(`v${v}`, at(v), at(v)), trips));
  }
  return fleet;
}

/** `count` vehicles 30 m apart, every one with a trip from one end of the line to the other: every box covers every seed. */
function crossingFleet(count: number): FleetState {
  const fleet = new FleetState(0);
  const at = (x: number): LngLat => [x * 0.00027, 0];
  for (let v = 0; v < count; v++) {
    const trips = [trip(`t${v}`, `v${v}`, at(-5), at(count + 5))];
    for (const t of trips) fleet.putTrip(t);
    fleet.putVehicle(withTrips(vehicle(`v${v}`, at(v), at(v)), trips));
  }
  return fleet;
}

describe('the re-optimizer loop with two rounds in flight', () => {
  test('every plan of a 20-vehicle fleet is visited, two rounds overlap, and overlapping rounds never share a vehicle', async () => {
    const fleet = lineFleet();
    const byPosition = new Map([...fleet.vehicles.values()].map((v) => [v.position, v.id]));
    const rounds: Array<{ start: number; end: number; vehicles: string[] }> = [];
    let seq = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const router = crowFlyRouter((points) => {
      // A round tables its group as soon as it starts (nothing is awaited before): the latest round started asked this.
      rounds[rounds.length - 1].vehicles = points.map((p) => byPosition.get(p)).filter((id): id is string => id !== undefined);
    });
    const applySchedules = async (input: ApplySchedulesInput): Promise<ApplySchedulesResult> => ({
      versions: Object.fromEntries(input.changes.map((c) => [c.vehicleId, c.expectedVersion + 1])),
      movedTrips: [],
      events: [],
    });
    const reoptimizer = new Reoptimizer(
      { fleet, router, repos: { schedules: { applySchedules } }, policy: { ...DEFAULT_POLICY, serviceS: 0 }, clock: new ManualClock(T0), commits: { run: (section) => section() } },
      { ...REOPTIMIZE_DEFAULTS, busyPauseMs: 1, groupSize: 3, budgetMs: 20, roundsInFlight: 2 },
    );
    const round = reoptimizer.round.bind(reoptimizer);
    reoptimizer.round = async (...args): Promise<ReoptimizeRound> => {
      const record = { start: seq++, end: Infinity, vehicles: [] as string[] };
      rounds.push(record);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await round(...args);
      } finally {
        inFlight--;
        record.end = seq++;
      }
    };
    reoptimizer.start();
    const deadline = Date.now() + 20_000;
    while (reoptimizer.dirtyCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await reoptimizer.stop();

    expect(reoptimizer.dirtyCount()).toBe(0);
    expect(mostInFlight).toBe(2);
    for (const a of rounds) {
      for (const b of rounds) {
        if (a === b || a.end < b.start || b.end < a.start) continue;
        expect(a.vehicles.filter((id) => b.vehicles.includes(id))).toEqual([]);
      }
    }
    // Groups were filled from the vehicles not yet visited: fewer visits than three rounds for each vehicle.
    expect(reoptimizer.visits).toBeLessThan(3 * 20);
  }, 30_000);
});

describe('which vehicles a round takes', () => {
  test('when every route box covers every seed, rounds still fill their groups with plans not yet visited', async () => {
    const fleet = crossingFleet(60);
    const applySchedules = async (input: ApplySchedulesInput): Promise<ApplySchedulesResult> => ({
      versions: Object.fromEntries(input.changes.map((c) => [c.vehicleId, c.expectedVersion + 1])),
      movedTrips: [],
      events: [],
    });
    const reoptimizer = new Reoptimizer(
      { fleet, router: crowFlyRouter(() => {}), repos: { schedules: { applySchedules } }, policy: { ...DEFAULT_POLICY, serviceS: 0 }, clock: new ManualClock(T0), commits: { run: (section) => section() } },
      { ...REOPTIMIZE_DEFAULTS, groupSize: 3, budgetMs: 20 },
    );
    try {
      // Rounds one after another (no loop): each seeds on a dirty vehicle and takes the nearest dirty others.
      while (reoptimizer.dirtyCount() > 0 && reoptimizer.rounds < 60) await reoptimizer.round();
    } finally {
      await reoptimizer.stop();
    }
    expect(reoptimizer.dirtyCount()).toBe(0);
    // 60 plans, 3 a round: 20 rounds if no plan is seen twice (a round that improves a plan leaves it visited).
    expect(reoptimizer.rounds).toBe(20);
    expect(reoptimizer.visits).toBe(60);
  }, 30_000);
});

describe('what a commit writes into the fleet', () => {
  test('a re-planned vehicle keeps the legs its group was tabled with: the commit routes no vehicle again', async () => {
    const fleet = lineFleet();
    let routes = 0;
    const router = crowFlyRouter(() => {});
    const counting: Router = { ...router, route: (points, options) => (routes++, router.route(points, options)) };
    const applySchedules = async (input: ApplySchedulesInput): Promise<ApplySchedulesResult> => ({
      versions: Object.fromEntries(input.changes.map((c) => [c.vehicleId, c.expectedVersion + 1])),
      movedTrips: [],
      events: [],
    });
    const reoptimizer = new Reoptimizer(
      { fleet, router: counting, repos: { schedules: { applySchedules } }, policy: { ...DEFAULT_POLICY, serviceS: 0 }, clock: new ManualClock(T0), commits: { run: (section) => section() } },
      { ...REOPTIMIZE_DEFAULTS, groupSize: 3 },
    );
    const replanned = new Set<string>();
    try {
      for (let v = 1; v < 19 && replanned.size === 0; v++) {
        const before = new Map([...fleet.vehicles.values()].map((x) => [x.id, x.scheduleVersion]));
        const round = await reoptimizer.round(`v${v}`, { maxIterations: 200 });
        if (round.improved) for (const x of fleet.vehicles.values()) if (x.scheduleVersion !== before.get(x.id)) replanned.add(x.id);
      }
    } finally {
      await reoptimizer.stop();
    }
    expect(replanned.size).toBeGreaterThan(0);
    expect(routes).toBe(0);
    for (const id of replanned) {
      const v = fleet.vehicles.get(id)!;
      // The crow-fly table's legs (10 m/s), not the scenario's: every stop's from the point before it, then home.
      let prev = v.position;
      for (const s of v.stops) {
        expect(s.legM).toBeCloseTo(distanceM(prev, s.location), 6);
        expect(s.legS).toBeCloseTo(distanceM(prev, s.location) / 10, 6);
        prev = s.location;
      }
      expect(v.returnLegS).toBeCloseTo(distanceM(prev, v.depot) / 10, 6);
      // Measured from where the vehicle stood at the snapshot: the next fix measures it again once it has moved away.
      expect(v.firstLegFrom).toEqual({ location: v.position, atS: -Infinity, target: v.stops[0] });
      expect(v.legsUnknown).toBeUndefined();
    }
  }, 30_000);
});
