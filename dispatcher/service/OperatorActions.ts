import type { AssignRequest, AssignResponse, EventsPage, VehicleBreakView } from '../../protocol/operator';
import { OPERATOR_LIMITS } from '../../protocol/operator';
import type { LngLat } from '../../routing/Router';
import { ApiError } from '../errors/ApiError';
import { compileFleetProblem, fleetLocations } from '../fleet/compileFleetProblem';
import type { FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { planManualMove } from '../fleet/planManualMove';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { RouteState } from '../insertion/RouteState';
import { ScheduleScratch } from '../insertion/ScheduleScratch';
import { travelTimesFromTable } from '../insertion/TravelTimes';
import { EventType } from '../persistence/appendEvents';
import type { TripRecord } from '../persistence/records';
import { tripView } from '../views/tripView';
import type { DispatchContext } from './DispatchContext';
import { sameApproaches } from '../fleet/stopApproaches';

/** Trip states an operator may move to another vehicle: committed, not yet picked up. */
const MOVABLE_STATES: ReadonlySet<TripRecord['state']> = new Set(['accepted', 'assigned', 'arriving']);

const plain = (stops: readonly PlannedStop[]) =>
  stops.map(({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId, kind, location, plannedArrivalS, earliestS, latestS, serviceS }));

/**
 * What an operator does to the live plan by hand: move a trip to a chosen vehicle (with the constraints the move
 * would break, answered before it is committed), pin a trip to its vehicle, schedule a driver's break; and the audit
 * trail of it all. Each change goes through the commit gate and one transaction with its `operator_action` event.
 */
export class OperatorActions {
  constructor(private readonly ctx: DispatchContext) {}

  async assignTrip(tripId: string, input: AssignRequest, by: string): Promise<AssignResponse> {
    const { repos, fleet, gate, router, clock, policy } = this.ctx;
    return gate.locked(async () => {
      const trip = await repos.trips.get(tripId);
      if (!trip) throw new ApiError('NotFound', `No trip ${tripId}`);
      if (!MOVABLE_STATES.has(trip.state) || trip.vehicleId === null) {
        throw new ApiError('TripNotMovable', `Trip ${tripId} is ${trip.state.replace('_', ' ')}: only a booked trip not yet picked up can be moved`);
      }
      if (trip.vehicleId === input.vehicleId) throw new ApiError('AlreadyOnVehicle', `Trip ${tripId} already rides ${input.vehicleId}`);
      const to = fleet.vehicles.get(input.vehicleId);
      if (!to) throw new ApiError('UnknownVehicle', `Vehicle ${input.vehicleId} is not on shift; start its shift first`);
      const from = fleet.vehicles.get(trip.vehicleId);
      if (!from) throw new ApiError('TripNotMovable', `Trip ${tripId}'s vehicle ${trip.vehicleId} is not on shift`);
      const now = clock.nowS();
      const { points, approaches, ...loc } = fleetLocations([from, to]);
      const tt = travelTimesFromTable(await router.table(points, points, sameApproaches(approaches)));
      const outcome = planManualMove([from, to], fleet.trips, tripId, loc, tt, policy, now);
      if (!outcome.ok) {
        throw new ApiError('TripNotMovable', outcome.why === 'OnBoard' ? `Trip ${tripId} is on board: it stays on its vehicle` : `Vehicle ${from.id} is already on its way to pick up trip ${tripId}; it can no longer move`);
      }
      const { move } = outcome;
      const plan = { vehicleId: to.id, pickupAt: move.pickupAtS, dropoffAt: move.dropoffAtS };
      if (input.dryRun) return { dryRun: true, committed: false, violations: move.violations, plan, trip: tripView(trip, fleet, policy) };

      const hard = move.violations.filter((v) => !v.overridable);
      if (hard.length > 0) throw new ApiError('MoveNotFeasible', `Not moved: ${hard.map((v) => v.message).join('; ')}`);
      const reason = input.reason?.trim();
      if (move.violations.length > 0 && !reason) {
        throw new ApiError('MoveBreaksPromise', `Not moved: ${move.violations.map((v) => v.message).join('; ')}. Send a reason to override (it is logged), or choose another vehicle.`);
      }
      return gate.unsure([from.id, to.id], async () => {
        const result = await repos.schedules.applySchedules({
          changes: [
            { vehicleId: from.id, expectedVersion: from.scheduleVersion, stops: plain(move.from.stops) },
            { vehicleId: to.id, expectedVersion: to.scheduleVersion, stops: plain(move.to.stops) },
          ],
          events: [
            {
              type: EventType.OperatorAction,
              tripId,
              vehicleId: to.id,
              payload: {
                action: 'assign',
                by,
                ...(reason ? { reason } : {}),
                fromVehicleId: from.id,
                toVehicleId: to.id,
                violations: move.violations.map((v) => ({ code: v.code, message: v.message, ...(v.tripId ? { tripId: v.tripId } : {}), ...(v.byS !== undefined ? { byS: v.byS } : {}) })),
              },
            },
          ],
          atS: now,
          reason: 'operator_assign',
        });
        for (const [live, planned] of [[from, move.from], [to, move.to]] as const) {
          live.stops = planned.stops;
          live.returnLegS = planned.returnLegS;
          live.returnLegM = planned.returnLegM;
          live.scheduleVersion = result.versions[live.id]!;
          live.lockedCount = Math.min(live.lockedCount, live.stops.length);
          await refreshLegsIfRoutable(router, live);
          fleet.putVehicle(live);
        }
        const fleetTrip = fleet.trips.get(tripId);
        if (fleetTrip) fleetTrip.vehicleId = to.id;
        const moved = (await repos.trips.get(tripId))!;
        return { dryRun: false, committed: true, violations: move.violations, plan, trip: tripView(moved, fleet, policy) };
      });
    });
  }

  /** Pins the trip to its vehicle (`pinned` true) or unpins it. */
  async setPin(tripId: string, pinned: boolean, by: string) {
    const { repos, fleet, gate, clock, policy } = this.ctx;
    return gate.locked(async () => {
      const before = await repos.trips.get(tripId);
      if (!before) throw new ApiError('NotFound', `No trip ${tripId}`);
      const vehicleIds = before.vehicleId ? [before.vehicleId] : [];
      return gate.unsure(vehicleIds, async () => {
        const { trip, scheduleVersion } = await repos.trips.setPin(tripId, pinned ? by : null, clock.nowS(), {
          type: EventType.OperatorAction,
          payload: { action: pinned ? 'pin' : 'unpin', by },
        });
        const live = fleet.trips.get(tripId);
        if (live) live.pinned = pinned;
        const vehicle = trip.vehicleId ? fleet.vehicles.get(trip.vehicleId) : undefined;
        if (vehicle && scheduleVersion !== null) vehicle.scheduleVersion = scheduleVersion;
        return tripView(trip, fleet, policy);
      });
    });
  }

  /**
   * A driver's break [startsAtS, endsAtS]. On shift, the vehicle's plan must keep every promise with it (else
   * BreakConflictsWithPlan) and its stops are re-timed around it in the same transaction.
   */
  async addBreak(vehicleId: string, window: { startsAtS: number; endsAtS: number }, by: string): Promise<VehicleBreakView> {
    const { repos, fleet, gate, clock, router } = this.ctx;
    return gate.locked(async () => {
      const now = clock.nowS();
      const { startsAtS, endsAtS } = window;
      if (endsAtS <= startsAtS) throw new ApiError('ValidationFailed', 'body.endsAt: the break must end after it starts');
      if (endsAtS <= now) throw new ApiError('ValidationFailed', 'body.endsAt: the break must end in the future');
      if (endsAtS - startsAtS > OPERATOR_LIMITS.maxBreakS) throw new ApiError('ValidationFailed', `body.endsAt: a break lasts at most ${OPERATOR_LIMITS.maxBreakS / 3600} h`);
      const stored = await repos.vehicles.get(vehicleId);
      if (!stored) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}`);
      const live = fleet.vehicles.get(vehicleId);
      let schedule: { expectedVersion: number; stops: PlannedStop[] } | undefined;
      if (live) {
        if (startsAtS >= live.shiftEndS) throw new ApiError('BreakConflictsWithPlan', `Vehicle ${vehicleId}'s shift ends at ${live.shiftEndS}, before the break starts`);
        const clash = (live.breaks ?? []).find((b) => startsAtS < b.endS && endsAtS > b.startS);
        if (clash) throw new ApiError('BreakOverlaps', `Vehicle ${vehicleId} already has a break from ${clash.startS} to ${clash.endS}; choose a time that does not overlap it`);
        const breaks = [...(live.breaks ?? []), { startS: startsAtS, endS: endsAtS }].sort((a, b) => a.startS - b.startS);
        const stops = await this.retimed({ ...live, breaks }, now);
        if (stops === null) throw new ApiError('BreakConflictsWithPlan', `Vehicle ${vehicleId} cannot take this break and keep its riders' promises (or be back by its shift end); move some of its trips first`);
        schedule = { expectedVersion: live.scheduleVersion, stops };
      }
      return gate.unsure([vehicleId], async () => {
        const { breakWindow, scheduleVersion } = await repos.breaks.add({
          vehicleId,
          startsAtS,
          endsAtS,
          by,
          atS: now,
          ...(schedule ? { schedule: { expectedVersion: schedule.expectedVersion, stops: plain(schedule.stops) } } : {}),
          events: [{ type: EventType.OperatorAction, payload: { action: 'add_break', by, startsAt: startsAtS, endsAt: endsAtS } }],
        });
        const current = fleet.vehicles.get(vehicleId);
        if (current && schedule && scheduleVersion !== null) {
          current.breaks = [...(current.breaks ?? []), { startS: startsAtS, endS: endsAtS }].sort((a, b) => a.startS - b.startS);
          current.stops = schedule.stops;
          current.scheduleVersion = scheduleVersion;
          await refreshLegsIfRoutable(router, current);
          fleet.putVehicle(current);
        }
        return { id: breakWindow.id, vehicleId, startsAt: breakWindow.startsAtS, endsAt: breakWindow.endsAtS, createdBy: breakWindow.createdBy };
      });
    });
  }

  /** The audit trail: events between two times, a page at a time (`afterSeq`: the previous page's nextAfter). */
  async listEvents(range: { fromS: number; toS: number; afterSeq: number; limit: number }): Promise<EventsPage> {
    const rows = await this.ctx.repos.events.listBetween({ ...range, limit: range.limit + 1 });
    const page = rows.slice(0, range.limit);
    return {
      events: page.map((e) => ({ seq: e.seq, at: e.atS, type: e.type, tripId: e.tripId, vehicleId: e.vehicleId, payload: e.payload })),
      nextAfter: rows.length > range.limit ? page[page.length - 1]!.seq : null,
    };
  }

  /** The vehicle's stops re-timed with its breaks, or null when its plan has no schedule that keeps every promise. */
  private async retimed(vehicle: FleetVehicle, now: number): Promise<PlannedStop[] | null> {
    const { fleet, router, policy } = this.ctx;
    const { points, approaches, ...loc } = fleetLocations([vehicle]);
    const tt = travelTimesFromTable(await router.table(points as LngLat[], points as LngLat[], sameApproaches(approaches)));
    const { problem, routes } = compileFleetProblem([vehicle], fleet.trips, loc, tt, policy, now);
    const scratch = new ScheduleScratch(problem);
    const route = new RouteState(problem, 0, routes[0].stops, routes[0].lockedCount);
    route.refresh(scratch);
    if (!route.feasible) return null;
    return vehicle.stops.map((s, k) => ({ ...s, plannedArrivalS: route.earliestS[k + 1] }));
  }
}
