import type { Pool } from 'pg';
import { BreakRepository } from './BreakRepository';
import { EventRepository } from './EventRepository';
import { type DispatchState, loadDispatchState } from './loadDispatchState';
import { PlannedShiftRepository } from './PlannedShiftRepository';
import { PositionRepository } from './PositionRepository';
import { RatingRepository } from './RatingRepository';
import { RiskRepository } from './RiskRepository';
import { RecurringTripRepository } from './RecurringTripRepository';
import { RiderGroupRepository } from './RiderGroupRepository';
import { ScheduleRepository } from './ScheduleRepository';
import { ServiceAreaRepository } from './ServiceAreaRepository';
import { SpeedFactorRepository } from './SpeedFactorRepository';
import { StopEventRepository } from './StopEventRepository';
import { TripRepository } from './TripRepository';
import { VehicleRepository } from './VehicleRepository';
import { ZoneRulesRepository } from './ZoneRulesRepository';

/** Every repository over one pool. SQL lives in these classes only. */
export interface Repositories {
  serviceAreas: ServiceAreaRepository;
  vehicles: VehicleRepository;
  positions: PositionRepository;
  trips: TripRepository;
  schedules: ScheduleRepository;
  stopEvents: StopEventRepository;
  events: EventRepository;
  ratings: RatingRepository;
  /** Risk and breakage events, ETA predictions, out-of-service marks (issue 13). */
  risk: RiskRepository;
  speedFactors: SpeedFactorRepository;
  /** Zones with their hours and rules; riders' groups; shifts planned ahead and their pre-booked stops; subscriptions. */
  zoneRules: ZoneRulesRepository;
  riderGroups: RiderGroupRepository;
  plannedShifts: PlannedShiftRepository;
  recurringTrips: RecurringTripRepository;
  breaks: BreakRepository;
  /** What a starting dispatcher rebuilds its in-memory state from; with `vehicleIds`, only those vehicles. */
  loadDispatchState(vehicleIds?: readonly string[]): Promise<DispatchState>;
}

export function createRepositories(pool: Pool): Repositories {
  return {
    serviceAreas: new ServiceAreaRepository(pool),
    vehicles: new VehicleRepository(pool),
    positions: new PositionRepository(pool),
    trips: new TripRepository(pool),
    schedules: new ScheduleRepository(pool),
    stopEvents: new StopEventRepository(pool),
    events: new EventRepository(pool),
    ratings: new RatingRepository(pool),
    risk: new RiskRepository(pool),
    speedFactors: new SpeedFactorRepository(pool),
    zoneRules: new ZoneRulesRepository(pool),
    riderGroups: new RiderGroupRepository(pool),
    plannedShifts: new PlannedShiftRepository(pool),
    recurringTrips: new RecurringTripRepository(pool),
    breaks: new BreakRepository(pool),
    loadDispatchState: (vehicleIds) => loadDispatchState(pool, vehicleIds),
  };
}
