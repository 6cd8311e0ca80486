import type { Pool } from 'pg';
import { BreakRepository } from './BreakRepository';
import { EventRepository } from './EventRepository';
import { type DispatchState, loadDispatchState } from './loadDispatchState';
import { PositionRepository } from './PositionRepository';
import { ScheduleRepository } from './ScheduleRepository';
import { ServiceAreaRepository } from './ServiceAreaRepository';
import { StopEventRepository } from './StopEventRepository';
import { TripRepository } from './TripRepository';
import { VehicleRepository } from './VehicleRepository';

/** Every repository over one pool. SQL lives in these classes only. */
export interface Repositories {
  serviceAreas: ServiceAreaRepository;
  vehicles: VehicleRepository;
  positions: PositionRepository;
  trips: TripRepository;
  schedules: ScheduleRepository;
  stopEvents: StopEventRepository;
  events: EventRepository;
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
    breaks: new BreakRepository(pool),
    loadDispatchState: (vehicleIds) => loadDispatchState(pool, vehicleIds),
  };
}
