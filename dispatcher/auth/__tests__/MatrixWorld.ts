import { BuiltinRouter } from '../../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../../routing/builtin/prepare';
import type { TripView } from '../../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../../test-support/dbFixtures';
import { sharedPath } from '../../../test-support/sharedData';
import { DEFAULT_HTTP_RATE_LIMITS } from '../../api/rateLimits';
import { ManualClock } from '../../clock/Clock';
import { type RunningServer, startServer } from '../../service/startServer';
import type { TokenRole } from '../../../protocol/auth';
import type { Whose } from '../accessTable';
import type { Principal } from '../Principal';

/** Vehicles of the matrix: bus-1 on shift (every trip rides it), bus-2 off shift, shuttles for shift changes. */
export const BUS = 'bus-1';
export const OTHER_BUS = 'bus-2';
export const STRANGER = 'r-stranger';

/**
 * The dispatcher as `anystop serve` runs it, on a fresh PostgreSQL database and the built-in router over Seoul
 * Songpa, with the fixtures each cell of the access matrix needs: callers of every role, trips of the caller
 * and of a stranger, vehicles of the driver and of another.
 */
export class MatrixWorld {
  private cleanups: (() => Promise<unknown>)[] = [];
  private riders = 0;

  private constructor(
    readonly running: RunningServer,
    private readonly db: TestDatabase,
    readonly clock: ManualClock,
  ) {}

  static async start(): Promise<MatrixWorld> {
    const [db, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
    const clock = new ManualClock(T0);
    // Rate limits are not what this test is about: one rider makes many calls here in a moment.
    const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIdentity: { ratePerS: 10_000, burst: 10_000 }, perIp: { ratePerS: 10_000, burst: 10_000 } };
    const running = await startServer({ router, clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, reoptimize: false, rateLimits });
    const world = new MatrixWorld(running, db, clock);
    const d = running.dispatcher;
    await d.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map((p) => [p[0], p[1]])) } });
    for (const id of [BUS, OTHER_BUS, 'shuttle-1', 'shuttle-2']) await d.upsertVehicle({ id, seats: 8, wheelchairPlaces: 1, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]] });
    await d.startShift(BUS, { endsAt: T0 + 8 * 3600 });
    return world;
  }

  get url(): string {
    return this.running.url;
  }

  /** The caller of a cell: a fresh rider each time (their own trips are theirs alone), the driver of `vehicle`, a planner, an operator. */
  caller(role: TokenRole | null, vehicle = BUS): Principal | null {
    switch (role) {
      case null:
        return null;
      case 'rider':
        return { role: 'rider', subject: `r-${++this.riders}` };
      case 'driver':
        return { role: 'driver', subject: `driver-${vehicle}`, vehicleId: vehicle };
      default:
        return { role, subject: `${role}-1` };
    }
  }

  /** The rider whose resource the cell names: the caller for `own` (when the caller is a rider), else a stranger. */
  ownerFor(caller: Principal | null, whose: Whose): string {
    return whose === 'own' && caller?.role === 'rider' ? caller.subject : STRANGER;
  }

  token(principal: Principal): Promise<string> {
    return this.running.auth.issuer!.token(principal);
  }

  /** A trip of this rider, offered or already accepted (on bus-1); declined or cancelled after the cell. */
  async trip(riderId: string, accept: boolean): Promise<TripView> {
    const d = this.running.dispatcher;
    const { trip } = await d.requestTrip({ riderId, riderName: 'Minji', origin: [JAMSIL_STATION[0], JAMSIL_STATION[1]], destination: [OLYMPIC_PARK[0], OLYMPIC_PARK[1]], passengers: 1, wheelchairs: 0, autoAccept: accept }, undefined);
    if (trip.state !== (accept ? 'accepted' : 'offered')) throw new Error(`fixture trip is ${trip.state} (${trip.rejectReason ?? ''})`);
    this.afterCell(async () => {
      if ((await d.getTrip(trip.id))?.state === 'offered') await d.declineOffer(trip.id);
    });
    return trip;
  }

  afterCell(cleanup: () => Promise<unknown>): void {
    this.cleanups.push(cleanup);
  }

  /** Undoes what the cell changed, so every cell starts from the same world: bus-1 empty, shuttles off shift. */
  async cleanUp(): Promise<void> {
    for (const c of this.cleanups.splice(0).reverse()) await c().catch(() => undefined);
    const d = this.running.dispatcher;
    for (const t of [...d.fleet.trips.values()]) if (!t.onBoard) await d.cancelTrip(t.id, 'matrix cleanup').catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.running.stop();
    await this.db.drop();
  }
}
