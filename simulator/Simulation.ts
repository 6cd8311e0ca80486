import type { LngLat, Router } from '../routing/Router';
import { Random } from '../dispatcher/optimizer/Random';
import type { DemandTrip } from './demand/DemandTrip';
import { FINAL_TRIP_STATES } from '../protocol/trips';
import type { TokenIssuer, TokenSource } from '../dispatcher/auth/TokenIssuer';
import { type ClientRetry, DispatcherClient } from './agents/DispatcherClient';
import type { DriverLink } from './agents/DriverLink';
import { type DriverBehaviour, SimulatedVehicle } from './agents/SimulatedVehicle';
import { type RiderBehaviour, SimulatedRider } from './agents/SimulatedRider';
import { WsRiderLink } from './agents/WsRiderLink';
import { EtaLog } from './kpi/EtaLog';
import type { SimulatedWorld } from './world/SimulatedWorld';

export const DEFAULT_DRIVER: DriverBehaviour = Object.freeze({ dwellS: 30, noShowWaitS: 60, pingEveryS: 1 });
export const DEFAULT_RIDER: RiderBehaviour = Object.freeze({ acceptShare: 0.95, cancelShare: 0.03, noShowShare: 0.02, answerAfterS: 10 });

export interface SimulationOptions {
  baseUrl: string;
  router: Router;
  /** Opens the driver channel for a vehicle (a websocket to the dispatcher), signed in with the driver's token. */
  connectDriver: (vehicleId: string, token: TokenSource) => Promise<DriverLink>;
  /** Signs the simulated people's tokens: an operator that sets up the fleet, a driver per vehicle, a rider per request. */
  tokens: Pick<TokenIssuer, 'source'>;
  /** Moves simulated time (the dispatcher's clock when it runs in the same process). */
  setTime: (nowS: number) => void;
  startS: number;
  /** Requests come in during this many seconds... */
  durationS: number;
  /** ...and the simulation goes on until every accepted trip is done, at most this much longer. */
  drainS: number;
  stepS: number;
  /** Wall-clock pacing: simulated seconds per real second; Infinity runs as fast as possible. */
  speedup: number;
  seed: number;
  vehicles: { count: number; seats: number; wheelchairPlaces: number; positions: LngLat[]; shiftS: number };
  demand: readonly DemandTrip[];
  driver?: DriverBehaviour;
  rider?: RiderBehaviour;
  /** Called every `everyS` simulated seconds (e.g. a re-optimization round), awaited. */
  periodic?: { everyS: number; run: (nowS: number) => Promise<void> };
  /** Awaited after each step: lets the dispatcher push what changed before time moves on (determinism). */
  settle?: () => Promise<void>;
  onProgress?: (nowS: number, endS: number) => void;
  /** Riders and the operator repeat requests that got no answer or a 503 (a dispatcher restarting); default: never. */
  clientRetry?: ClientRetry;
  /**
   * The city the vehicles drive in (traffic, noise, incidents, dwell, riders at the curb, missed turns, GPS); its
   * no-show rate replaces the rider model's. Omitted: the plan's own world (the router's times, fixed dwell).
   */
  world?: SimulatedWorld;
  /** Each accepted rider follows their trip on the rider channel until pickup, and the ETA they see is logged every tick. */
  sampleEtas?: boolean;
}

export interface SimulationResult {
  vehicles: SimulatedVehicle[];
  riders: SimulatedRider[];
  endS: number;
  /** Metres driven by all vehicles (odometers). */
  vehicleM: number;
  /** Share of vehicle-time with nothing to do while requests came in (start to the end of the demand). */
  idleShare: number;
  /** The pickup ETAs riders saw (empty unless `sampleEtas`). */
  etas: EtaLog;
}

/** Body colours the simulated (and demo) buses are painted in, so riders can tell them apart on the page. */
const BUS_COLOURS = ['#1f6feb', '#2da44e', '#d97706', '#8250df', '#cf222e', '#0e7490'] as const;

/**
 * Runs a city on the real dispatcher through its real interfaces: riders over HTTP, drivers over their
 * websocket channel. Time advances in fixed steps; with a seed and a stepped clock the run is deterministic.
 */
export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const api = new DispatcherClient(o.baseUrl, o.tokens.source({ role: 'operator', subject: 'simulator' }), o.clientRetry);
  const noShows = new Set<string>();
  const lateS = new Map<string, number>();
  const world = o.world ?? null;
  const etas = new EtaLog();
  o.setTime(o.startS);
  const vehicles: SimulatedVehicle[] = [];
  for (let k = 0; k < o.vehicles.count; k++) {
    const id = `sim-${k}`;
    const at = o.vehicles.positions[k % o.vehicles.positions.length];
    await api.upsertVehicle(id, { seats: o.vehicles.seats, wheelchairPlaces: o.vehicles.wheelchairPlaces, depot: [at[0], at[1]], name: `Bus ${k + 1}`, plate: `70바 ${String(1001 + k)}`, colour: BUS_COLOURS[k % BUS_COLOURS.length] });
    await api.startShift(id, Math.round(o.startS + o.vehicles.shiftS));
    const driverToken = o.tokens.source({ role: 'driver', subject: `driver-${id}`, vehicleId: id });
    vehicles.push(new SimulatedVehicle(id, at, await o.connectDriver(id, driverToken), o.router, o.driver ?? DEFAULT_DRIVER, { noShows, lateS }, world));
  }
  const riders = o.demand.map((d, k) => {
    const id = `rider-${o.seed}-${k}`;
    // Each rider draws from a stream of its own: the same rider declines, cancels or stays away in every run of the
    // same demand, whatever the dispatcher did with the riders before (a fair comparison of dispatchers).
    const random = new Random((o.seed * 1_000_003 + k) >>> 0);
    const token = o.tokens.source({ role: 'rider', subject: id });
    const behaviour = world ? { ...(o.rider ?? DEFAULT_RIDER), noShowShare: world.config.noShowRate } : (o.rider ?? DEFAULT_RIDER);
    const inWorld = world ? { conduct: world.riders.of(id), lateS, lateCancelLeadS: world.config.riders.lateCancelLeadS } : null;
    const watch = o.sampleEtas ? (tripId: string) => WsRiderLink.connect(o.baseUrl, id, tripId, token) : null;
    return new SimulatedRider(id, d, api.as(token), behaviour, () => random.next(), noShows, inWorld, watch);
  });
  await o.settle?.();

  const demandEnd = o.startS + o.durationS;
  const hardEnd = demandEnd + o.drainS;
  let now = o.startS;
  let lastPeriodic = o.startS;
  let idleDuringDemandS: number | null = null;
  const wallStart = Date.now();
  for (; now <= hardEnd; now += o.stepS) {
    o.setTime(now);
    for (const r of riders) await r.step(now, o.startS);
    // What the riders changed reaches the drivers' manifests before the drivers act on them.
    await o.settle?.();
    for (const v of vehicles) await v.step(now);
    if (o.periodic && now - lastPeriodic >= o.periodic.everyS) {
      lastPeriodic = now;
      await o.periodic.run(now);
    }
    await o.settle?.();
    if (o.sampleEtas) await sampleEtas(riders, now, etas);
    o.onProgress?.(now, hardEnd);
    if (idleDuringDemandS === null && now >= demandEnd) idleDuringDemandS = vehicles.reduce((s, v) => s + v.idleS, 0);
    if (now >= demandEnd && riders.every((r) => r.outcome !== 'accepted' || finished(r, vehicles))) break;
    if (Number.isFinite(o.speedup)) {
      const due = wallStart + ((now - o.startS) / o.speedup) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  for (const v of vehicles) await v.close();
  for (const r of riders) await r.unwatch();
  const idleS = idleDuringDemandS ?? vehicles.reduce((s, v) => s + v.idleS, 0);
  const vehicleS = vehicles.length * Math.max(1, Math.min(now, demandEnd) - o.startS);
  return { vehicles, riders, endS: now, vehicleM: vehicles.reduce((s, v) => s + v.odometerM, 0), idleShare: idleS / vehicleS, etas };
}

/** The pickup ETA each waiting rider's channel shows now; a rider stops following once picked up or the trip is over. */
async function sampleEtas(riders: readonly SimulatedRider[], now: number, etas: EtaLog): Promise<void> {
  for (const r of riders) {
    const view = r.link?.trip;
    if (!r.link || !view) continue;
    if (view.state === 'on_board' || FINAL_TRIP_STATES.has(view.state)) await r.unwatch();
    else etas.record(view.id, now, view.pickupEta);
  }
}

/** An accepted trip is finished when no vehicle's manifest holds it any more. */
function finished(r: SimulatedRider, vehicles: SimulatedVehicle[]): boolean {
  const id = r.trip?.id;
  return !vehicles.some((v) => v.holds(id));
}
