import type { OutOfServiceResult, PromiseCause } from '../../protocol/promises';
import { isRoutingError } from '../../routing/errors';
import { ApiError } from '../errors/ApiError';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { refreshLegs, refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { ScheduleConflict } from '../persistence/PersistenceError';
import type { NewEvent } from '../persistence/records';
import { RiskEventType } from '../persistence/RiskRepository';
import type { Decision } from '../requests/decideRequest';
import { decideOnVehicles, snapshotCandidates } from '../requests/planRequest';
import { estimateLiveEtas } from '../risk/estimateLiveEtas';
import { findPromisesAtRisk, type PromiseAtRisk } from '../risk/findPromisesAtRisk';
import { movedPromise, movedPromiseSlackS, promiseOf, type PromiseWindow } from '../risk/movedPromise';
import { MOVED_PROMISE_HORIZON_S, reinsertionDraft } from '../risk/reinsertionDraft';
import { riskCause } from '../risk/riskCause';
import { PROMISE_MOVE_DEFAULTS, promiseMoveDue, type PromiseMoveOptions } from '../risk/promiseMoveDue';
import type { DispatchContext } from './DispatchContext';

/** Limits of the reaction to a late vehicle, with their defaults. */
export const RISK_DEFAULTS = Object.freeze({
  /** A vehicle whose risks did not change is re-planned again at most this often (s of the dispatcher's clock). */
  reactIntervalS: 60,
  /** Other vehicles weighed for each rider moved off a late vehicle (nearest first). */
  maxCandidates: 8,
  /**
   * A rider re-planned off a late vehicle goes first to a plan that keeps this much to spare on the promise (room for
   * the next delay), then to one that just keeps it.
   */
  reserveS: 60,
  ...PROMISE_MOVE_DEFAULTS,
});

type Accepted = Extract<Decision, { ok: true }>;

/** Beyond this many remembered causes, those of trips no longer in the fleet are dropped. */
const MAX_REMEMBERED_TRIPS = 10_000;

/** One promise that moves, with what the rider was promised before. */
interface Told {
  tripId: string;
  vehicleId: string;
  before: PromiseWindow;
  after: PromiseWindow;
}

/** What one reaction did: riders kept on their vehicle in another order, moved to another, told, or left unserved. */
interface Reaction {
  kept: string[];
  replanned: string[];
  told: Told[];
  unserved: string[];
}

/**
 * Keeps promises when a vehicle runs late (issue 13). After each position the live ETAs are checked for promises they
 * would break (findPromisesAtRisk): each newly at risk is logged (promise_at_risk, with its cause), and with
 * `reactToRisk` the dispatcher reacts in order: (1) the late vehicle's riders not yet picked up are taken off and
 * inserted again into its own plan (re-sequence); (2) those that no longer fit go to another vehicle; (3) only a rider
 * no vehicle can serve on time is told the promise moved, with the new window and why (promise_moved), to the plan
 * that picks them up soonest. A promise moves only once the move is due (promiseMoveDue: the estimated lateness is
 * more than the estimate errs by that far ahead, or the promise ends within minutes); until then the rider is only
 * re-planned where the promise holds, else left as planned and looked at again. All of it is one version-checked commit (applySchedules); a plan that changed meanwhile is dropped and tried on the next fix.
 * A promise that breaks after all is logged when it does (promise_broken, from the stop events), never silently.
 */
export class RiskResponder {
  /** Trips whose current risk was logged, with its cause. A moved promise clears it: a new risk is a new one. */
  private readonly flagged = new Map<string, PromiseCause>();
  /** The cause of each trip's last risk or moved promise: what a later break is blamed on. Dropped with the trip. */
  private readonly causes = new Map<string, PromiseCause>();
  private readonly lastReaction = new Map<string, number>();

  constructor(
    private readonly ctx: DispatchContext,
    private readonly options: { readonly reactIntervalS: number; readonly maxCandidates: number; readonly reserveS: number } & PromiseMoveOptions = RISK_DEFAULTS,
  ) {}

  /** The cause a broken promise of this trip is blamed on: the one its risk was logged with, else 'other'. */
  causeOf(tripId: string): PromiseCause {
    return this.causes.get(tripId) ?? 'other';
  }

  forget(tripId: string): void {
    this.flagged.delete(tripId);
    this.causes.delete(tripId);
  }

  /**
   * After a position: logs newly at-risk promises of this vehicle and, with `reactToRisk`, re-plans (under the commit
   * lock). `firstLegGrewS`: how much the drive to the next stop grew since the last fix (it shrinks while on the way);
   * `etas`: the live estimates LiveEtas just made from this fix at `now`, one per stop (not computed twice). Null
   * when no promise is at risk (most fixes): then nothing was started, and no promise made.
   */
  check(vehicleId: string, firstLegGrewS: number, etas: readonly number[], now: number): Promise<void> | null {
    const { fleet } = this.ctx;
    const vehicle = fleet.vehicles.get(vehicleId);
    if (!vehicle || vehicle.stops.length === 0) return null;
    const risks = findPromisesAtRisk(vehicle, fleet.trips, etas);
    if (risks.length === 0) return null;
    return this.respond(vehicle, risks, firstLegGrewS, now);
  }

  /** check's reaction to the promises at risk (logged once each; a re-plan at most every reactIntervalS). */
  private async respond(vehicle: FleetVehicle, risks: readonly PromiseAtRisk[], firstLegGrewS: number, now: number): Promise<void> {
    const { fleet } = this.ctx;
    const vehicleId = vehicle.id;
    const fresh = risks.filter((r) => !this.flagged.has(r.tripId));
    // A position report asks for no pass over the log (CommitGate.guardUnlogged): what this check logs or commits,
    // even in part before a failure, signals here.
    let wrote = false;
    try {
      if (fresh.length > 0) {
        wrote = true;
        await this.logRisks(vehicle, fresh, firstLegGrewS, now);
      }
      if (!this.ctx.policy.reactToRisk) return;
      const last = this.lastReaction.get(vehicleId);
      // A promise whose move fell due is looked after on this fix: the rider is told before it breaks.
      const dueNow = risks.some((r) => promiseMoveDue(r, fleet.trips.get(r.tripId)!, now, this.options));
      if (fresh.length === 0 && !dueNow && last !== undefined && now - last < this.options.reactIntervalS) return;
      this.lastReaction.set(vehicleId, now);
      wrote = true;
      await this.ctx.gate.locked(() => this.react(vehicleId, 'risk'));
    } finally {
      if (wrote) this.ctx.changes.emit('committed');
    }
  }

  /**
   * An operator marks the vehicle out of service (a breakdown): it takes no new riders; its riders not yet picked up
   * are re-planned onto other vehicles (told when their promise moves, cause vehicle_breakdown); riders on board, and
   * any that no vehicle can take, are flagged for the operator.
   */
  async outOfService(vehicleId: string, reason: string, by: string): Promise<OutOfServiceResult> {
    const { fleet, clock, gate, repos } = this.ctx;
    return gate.locked(async () => {
      const vehicle = fleet.vehicles.get(vehicleId);
      if (!vehicle) throw new ApiError('UnknownVehicle', `Vehicle ${vehicleId} is not on shift`);
      // On board, or boarding at the pickup it stands at: the operator's to look after.
      const onBoard = [...new Set(vehicle.stops.filter((s) => fleet.trips.get(s.tripId)?.onBoard || (s.kind === 'pickup' && s.arrivedAtS !== undefined)).map((s) => s.tripId))];
      await gate.unsure([vehicleId], () => repos.risk.markOutOfService(vehicleId, reason, by, clock.nowS()));
      vehicle.outOfService = true;
      fleet.putVehicle(vehicle);
      const done = await this.react(vehicleId, 'breakdown');
      this.ctx.changes.emit('committed');
      return { vehicleId, replanned: done.replanned, moved: done.told.filter((t) => t.vehicleId !== vehicleId).map((t) => t.tripId), unserved: done.unserved, onBoard };
    });
  }

  private async logRisks(vehicle: FleetVehicle, risks: readonly PromiseAtRisk[], firstLegGrewS: number, now: number): Promise<void> {
    if (this.causes.size > MAX_REMEMBERED_TRIPS) this.prune();
    const events: NewEvent[] = risks.map((r) => {
      const at = vehicle.stops.findIndex((s) => s.tripId === r.tripId && s.kind === (r.what === 'pickup' ? 'pickup' : 'dropoff'));
      const cause = riskCause(vehicle, at, { outOfService: vehicle.outOfService === true, firstLegGrewS, nowS: now });
      this.flagged.set(r.tripId, cause);
      this.causes.set(r.tripId, cause);
      return { type: RiskEventType.PromiseAtRisk, tripId: r.tripId, vehicleId: vehicle.id, payload: { tripId: r.tripId, vehicleId: vehicle.id, expectedLateS: r.expectedLateS, what: r.what, cause } };
    });
    try {
      await this.ctx.repos.risk.append(now, events);
    } catch (e) {
      // Logged again on the next fix rather than lost.
      for (const r of risks) this.flagged.delete(r.tripId);
      throw e;
    }
  }

  /**
   * One reaction on copies of the fleet, committed at once. `risk`: the late vehicle's at-risk riders not yet picked
   * up are re-inserted (own vehicle first, then others); `breakdown`: all its riders not yet picked up go to others.
   * Promises that still cannot be kept (on board, or nowhere to go on time) move to the new estimate.
   */
  private async react(vehicleId: string, why: 'risk' | 'breakdown'): Promise<Reaction> {
    const { fleet, clock, router, policy } = this.ctx;
    const none: Reaction = { kept: [], replanned: [], told: [], unserved: [] };
    const live = fleet.vehicles.get(vehicleId);
    if (!live || live.legsUnknown) return none;
    const now = clock.nowS();
    const broken = why === 'breakdown';
    const { vehicles: [snapshot], trips } = snapshotCandidates([live], fleet.trips);
    const etas = estimateLiveEtas(snapshot, now);
    const risks = findPromisesAtRisk(snapshot, trips, etas);
    const standsAt = snapshot.stops.find((s) => s.arrivedAtS !== undefined && s.kind === 'pickup')?.tripId;
    // Broken down: every rider not yet picked up leaves, but one an operator pinned to it (theirs to decide).
    const pickups = [...new Set(snapshot.stops.filter((s) => s.kind === 'pickup' && s.tripId !== standsAt).map((s) => s.tripId))];
    const movable = risks.filter((r) => r.movable);
    // A risk whose move is not due yet (promiseMoveDue) is only re-planned where its promise holds; else it stays.
    const due = (r: PromiseAtRisk) => promiseMoveDue(r, trips.get(r.tripId)!, now, this.options);
    const early = broken ? [] : movable.filter((r) => !due(r)).map((r) => r.tripId);
    const toMove = broken ? pickups.filter((id) => !trips.get(id)?.pinned) : movable.filter(due).map((r) => r.tripId);
    const pinned = broken ? pickups.filter((id) => trips.get(id)?.pinned) : [];
    if (toMove.length === 0 && early.length === 0 && risks.length === 0 && pinned.length === 0) return none;
    const cause: PromiseCause = broken ? 'vehicle_breakdown' : (this.flagged.get(risks[0]?.tripId ?? '') ?? 'traffic');

    const works = new Map<string, FleetVehicle>([[snapshot.id, snapshot]]);
    const told: Told[] = [];
    const result: Reaction = { kept: [], replanned: [], told, unserved: [...pinned] };
    const byLatest = (ids: string[]) => ids.map((id) => trips.get(id)!).sort((a, b) => a.pickupLatestS - b.pickupLatestS);
    try {
      for (const trip of byLatest(early)) await this.keepIfAnywhere(trip, vehicleId, works, trips, now, result);
    } catch (e) {
      if (isRoutingError(e)) return none;
      throw e;
    }

    // The late vehicle without the riders to move, its legs measured again (one route call).
    const late = works.get(vehicleId)!;
    const moving = new Set(toMove);
    late.stops = late.stops.filter((s) => !moving.has(s.tripId));
    try {
      if (moving.size > 0) await refreshLegs(router, late);
    } catch (e) {
      if (isRoutingError(e)) return none;
      throw e;
    }
    // What is left on it and still late (on board, or the pickup it stands at) cannot move: those promises move when
    // due. A broken-down vehicle's estimates mean nothing: its riders on board are the operator's to look after.
    if (!broken) this.movePromisesStillLate(late, trips, now, told);

    for (const trip of byLatest(toMove)) {
      // (1) re-sequence on its own vehicle; (2) another vehicle, its promise kept: first with the reserve to spare,
      // then just kept.
      let d: Decision = { ok: false, reason: 'NoVehicleInReach' };
      for (const reserveS of [this.options.reserveS, 0]) {
        const draft = reinsertionDraft(trip, policy, 0, reserveS);
        if (!broken) d = await decideOnVehicles(router, [works.get(vehicleId)!], trips, draft, now, policy);
        if (d.ok) {
          result.kept.push(trip.id);
          break;
        }
        d = await decideOnVehicles(router, this.othersFor(trip, vehicleId, works, trips), trips, draft, now, policy);
        if (d.ok) {
          result.replanned.push(trip.id);
          break;
        }
      }
      if (d.ok) {
        this.take(works, d, trip, trips);
        continue;
      }
      // (3) nowhere on time: the promise moves to the plan that picks the rider up soonest (its own vehicle or
      // another; never its own when broken down): first one about as late as the estimate (its lateness plus the
      // slack a moved promise keeps; a plan that puts the rider last is cheap, not soon), else any.
      const lateS = risks.find((k) => k.tripId === trip.id)?.expectedLateS ?? 0;
      let r: Decision = d;
      for (const relaxS of [Math.max(0, lateS) + movedPromiseSlackS(policy), MOVED_PROMISE_HORIZON_S]) {
        const relaxed = reinsertionDraft(trip, policy, relaxS);
        const own: Decision = broken ? d : await decideOnVehicles(router, [works.get(vehicleId)!], trips, relaxed, now, policy);
        const other = await decideOnVehicles(router, this.othersFor(trip, vehicleId, works, trips), trips, relaxed, now, policy);
        r = own.ok && (!other.ok || own.pickupEtaS <= other.pickupEtaS) ? own : other;
        if (r.ok) break;
      }
      if (!r.ok) {
        // No vehicle can take the rider at all: the stops go back where they were and the operator is told.
        result.unserved.push(trip.id);
        const back = live.stops.filter((s) => s.tripId === trip.id).map((s) => ({ ...s }));
        const home = works.get(vehicleId)!;
        home.stops = [...home.stops, ...back];
        continue;
      }
      const after = movedPromise(promiseOf(trip), { pickupS: r.pickupEtaS, arrivalS: r.arrivalEtaS }, movedPromiseSlackS(policy));
      told.push({ tripId: trip.id, vehicleId: r.vehicleId, before: promiseOf(trip), after });
      this.take(works, r, trip, trips);
      setPromise(works.get(r.vehicleId)!.stops, trips, trip.id, after);
    }
    if (result.unserved.length > 0) await refreshLegsIfRoutable(router, works.get(vehicleId)!);
    // Put back as it was (the risk is an estimate the plan already absorbs): nothing to commit, no churn every fix.
    const keys = (v: FleetVehicle | undefined) => (v?.stops ?? []).map((s) => `${s.tripId}/${s.kind}`).join();
    const same = told.length === 0 && result.replanned.length === 0 && [...works.values()].every((w) => keys(w) === keys(fleet.vehicles.get(w.id)));
    if (!same || result.unserved.length > 0) await this.commit(works, result, cause, now);
    return result;
  }

  /**
   * A rider at risk whose promise need not move yet: re-planned only where the promise holds (re-sequenced on the
   * late vehicle, else onto another; with the reserve to spare first), else left where it is, told nothing.
   */
  private async keepIfAnywhere(trip: FleetTrip, lateId: string, works: Map<string, FleetVehicle>, trips: Map<string, FleetTrip>, now: number, result: Reaction): Promise<void> {
    const { router, policy } = this.ctx;
    const home = works.get(lateId)!;
    const without: FleetVehicle = { ...home, stops: home.stops.filter((s) => s.tripId !== trip.id).map((s) => ({ ...s })) };
    await refreshLegs(router, without);
    for (const reserveS of [this.options.reserveS, 0]) {
      const draft = reinsertionDraft(trip, policy, 0, reserveS);
      const d = await decideOnVehicles(router, [without], trips, draft, now, policy);
      if (d.ok) {
        works.set(lateId, without);
        this.take(works, d, trip, trips);
        result.kept.push(trip.id);
        return;
      }
      const o = await decideOnVehicles(router, this.othersFor(trip, lateId, works, trips), trips, draft, now, policy);
      if (o.ok) {
        works.set(lateId, without);
        this.take(works, o, trip, trips);
        result.replanned.push(trip.id);
        return;
      }
    }
  }

  /** Trips that left the fleet without a drop-off or no-show report (cancelled, say) are forgotten. */
  private prune(): void {
    const open = this.ctx.fleet.trips;
    for (const id of this.causes.keys()) if (!open.has(id)) this.causes.delete(id);
    for (const id of this.flagged.keys()) if (!open.has(id)) this.flagged.delete(id);
  }

  /** On-board riders (and the pickup the vehicle stands at) still late on the vehicle: their promise moves to its estimate. */
  private movePromisesStillLate(vehicle: FleetVehicle, trips: Map<string, FleetTrip>, now: number, told: Told[]): void {
    const etas = estimateLiveEtas(vehicle, now);
    for (const r of findPromisesAtRisk(vehicle, trips, etas)) {
      const trip = trips.get(r.tripId)!;
      if (!promiseMoveDue(r, trip, now, this.options)) continue;
      const q = (kind: PlannedStop['kind']) => vehicle.stops.findIndex((s) => s.tripId === r.tripId && s.kind === kind);
      const p = q('pickup');
      const after = movedPromise(promiseOf(trip), { pickupS: p >= 0 ? etas[p] : null, arrivalS: etas[q('dropoff')] }, movedPromiseSlackS(this.ctx.policy));
      told.push({ tripId: r.tripId, vehicleId: vehicle.id, before: promiseOf(trip), after });
      setPromise(vehicle.stops, trips, r.tripId, after);
    }
  }

  /** Vehicles that may take a rider off `lateId`: the nearest in service, as re-planned so far in this reaction. */
  private othersFor(trip: FleetTrip, lateId: string, works: Map<string, FleetVehicle>, trips: Map<string, FleetTrip>): FleetVehicle[] {
    const { fleet, policy } = this.ctx;
    const radiusM = policy.maxWaitS * policy.candidateSpeedMps;
    const near = fleet.candidates(trip.pickup, radiusM, this.options.maxCandidates + 1).filter((v) => v.id !== lateId && !v.legsUnknown);
    const fresh = snapshotCandidates(near.filter((v) => !works.has(v.id)), fleet.trips);
    for (const [id, t] of fresh.trips) if (!trips.has(id)) trips.set(id, t);
    const copies = new Map(fresh.vehicles.map((v) => [v.id, v]));
    return near.slice(0, this.options.maxCandidates).map((v) => works.get(v.id) ?? copies.get(v.id)!);
  }

  /** The decision's vehicle takes the rider: its copy gets the new sequence. */
  private take(works: Map<string, FleetVehicle>, d: Accepted, trip: FleetTrip, trips: Map<string, FleetTrip>): void {
    // A vehicle new to this reaction commits expecting the version the decision planned on.
    const copy = works.get(d.vehicleId) ?? { ...this.ctx.fleet.vehicles.get(d.vehicleId)!, stops: [], scheduleVersion: d.scheduleVersion };
    copy.stops = d.stops.map((s) => (s.tripId === trip.id ? { ...s, earliestS: s.kind === 'pickup' ? trip.pickupEarliestS : 0, latestS: s.kind === 'pickup' ? trip.pickupLatestS : trip.arriveByS } : s));
    copy.returnLegS = d.returnLegS;
    copy.returnLegM = d.returnLegM;
    works.set(d.vehicleId, copy);
    trips.set(trip.id, { ...trip, vehicleId: d.vehicleId });
  }

  /** One version-checked transaction: the new sequences, the moved promises, then promise_moved (riders are told last). */
  private async commit(works: Map<string, FleetVehicle>, done: Reaction, cause: PromiseCause, now: number): Promise<void> {
    const { fleet, repos, gate, router } = this.ctx;
    const changes = [...works.values()].map((w) => ({ vehicleId: w.id, expectedVersion: w.scheduleVersion, stops: w.stops.map(({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS })) }));
    const moved = done.told.map((t) => ({ type: RiskEventType.PromiseMoved, tripId: t.tripId, vehicleId: t.vehicleId, payload: { tripId: t.tripId, before: { ...t.before }, after: { ...t.after }, cause } }));
    const broken = done.unserved.map((tripId) => ({ type: RiskEventType.PromiseBroken, tripId, vehicleId: null, payload: { tripId, what: 'late pickup', byS: 0, cause } }));
    let result;
    try {
      result = await gate.unsure([...works.keys()], () =>
        repos.schedules.applySchedules({
          changes,
          promises: done.told.map((t) => ({ tripId: t.tripId, promise: t.after, cause })),
          events: [...moved, ...broken],
          reason: cause === 'vehicle_breakdown' ? 'vehicle_out_of_service' : 'promise_at_risk',
          atS: now,
        }),
      );
    } catch (e) {
      if (e instanceof ScheduleConflict) return; // the plan moved on meanwhile: the next fix looks again
      throw e;
    }
    for (const w of works.values()) {
      const live = fleet.vehicles.get(w.id);
      if (!live) continue;
      live.stops = w.stops;
      live.returnLegS = w.returnLegS;
      live.returnLegM = w.returnLegM;
      live.scheduleVersion = result.versions[w.id];
      live.lockedCount = Math.min(live.lockedCount, live.stops.length);
      await refreshLegsIfRoutable(router, live);
      const etas = estimateLiveEtas(live, now);
      live.stops.forEach((s, q) => (s.etaS = etas[q]));
      live.etasOfVersion = live.scheduleVersion;
      fleet.putVehicle(live);
    }
    for (const m of result.movedTrips) {
      const trip = fleet.trips.get(m.tripId);
      if (trip) trip.vehicleId = m.toVehicleId;
    }
    for (const t of done.told) {
      const trip = fleet.trips.get(t.tripId);
      if (!trip) continue;
      trip.pickupLatestS = t.after.pickupLatestS;
      trip.arriveByS = t.after.latestArrivalS;
      this.flagged.delete(t.tripId); // a new risk on the moved promise is a new one
      this.causes.set(t.tripId, cause);
    }
  }
}

/** The trip's stops on this sequence carry its new promise (and the trip copy too). */
function setPromise(stops: PlannedStop[], trips: Map<string, FleetTrip>, tripId: string, p: PromiseWindow): void {
  for (const s of stops) {
    if (s.tripId !== tripId) continue;
    s.earliestS = s.kind === 'pickup' ? p.pickupEarliestS : 0;
    s.latestS = s.kind === 'pickup' ? p.pickupLatestS : p.latestArrivalS;
  }
  const trip = trips.get(tripId);
  if (trip) trips.set(tripId, { ...trip, pickupEarliestS: p.pickupEarliestS, pickupLatestS: p.pickupLatestS, arriveByS: p.latestArrivalS });
}
