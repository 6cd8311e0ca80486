import { MAX_PREBOOK_S } from '../../protocol/trips';
import type { PlannedShiftView } from '../../protocol/serviceRules';
import type { PlannedShiftInput } from '../api/ruleSchemas';
import type { Clock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { PlannedShift } from '../persistence/PlannedShiftRepository';
import type { Repositories } from '../persistence/Repositories';

/**
 * Shifts an operator enters ahead: pre-bookings are planned on them (Booking.planBest) before any vehicle is on
 * duty, and the driver who starts the vehicle near the planned time starts that shift with its pre-booked stops.
 */
export class PlannedShiftService {
  constructor(private readonly deps: { repos: Pick<Repositories, 'plannedShifts' | 'vehicles'>; clock: Clock; policy: DispatchPolicy }) {}

  async plan(vehicleId: string, input: PlannedShiftInput): Promise<PlannedShiftView> {
    const { repos, clock, policy } = this.deps;
    const now = clock.nowS();
    if (!(await repos.vehicles.get(vehicleId))) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}; create it with PUT /vehicles/${vehicleId}`);
    if (input.endsAt <= now) throw new ApiError('ValidationFailed', 'body.endsAt: the shift must end in the future');
    if (input.startsAt > now + MAX_PREBOOK_S + 86400) throw new ApiError('ValidationFailed', `body.startsAt: shifts are planned at most ${MAX_PREBOOK_S / 86400 + 1} days ahead`);
    if (input.endsAt - input.startsAt > policy.maxShiftS) throw new ApiError('ShiftTooLong', `body.endsAt: a shift may last at most ${policy.maxShiftS / 3600} h`);
    if (await repos.plannedShifts.overlaps(vehicleId, input.startsAt, input.endsAt)) {
      throw new ApiError('ValidationFailed', `body.startsAt: vehicle ${vehicleId} has another shift in that time; choose a time outside it`);
    }
    const shift = await repos.vehicles.planShift({ vehicleId, startsAtS: input.startsAt, endsAtS: input.endsAt });
    return { id: shift.id, vehicleId, startsAt: shift.startsAtS, endsAt: shift.endsAtS, state: shift.state, tripIds: [] };
  }

  async list(vehicleId: string): Promise<PlannedShiftView[]> {
    return (await this.deps.repos.plannedShifts.ofVehicle(vehicleId, this.deps.clock.nowS())).map(plannedShiftView);
  }
}

export function plannedShiftView(p: PlannedShift): PlannedShiftView {
  return { id: p.shift.id, vehicleId: p.vehicle.id, startsAt: p.shift.startsAtS, endsAt: p.shift.endsAtS, state: p.shift.state, tripIds: [...new Set(p.stops.map((s) => s.stop.tripId))] };
}
