import type { FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import type { SpeedFactorRepository } from '../persistence/SpeedFactorRepository';
import { LegTimer } from '../traffic/LegTimer';
import { SpeedFactors } from '../traffic/SpeedFactors';

/**
 * The dispatcher learning its city (issue 13): each completed drive to a stop (timed from when the vehicle headed
 * there to its arrival report) updates the speed factor of the hour it started in, saved in PostgreSQL and read back on
 * start. Legs are planned with the factors (the dispatcher's router is a SpeedFactorRouter), so a sample is compared
 * with the backend's own time: the planned leg divided by the factor it was scaled with. Off (`learnSpeedFactors`
 * false), nothing is timed and every factor stays 1.
 */
export class SpeedFactorLearning {
  readonly factors = new SpeedFactors();
  private readonly timer = new LegTimer();

  constructor(
    private readonly repo: Pick<SpeedFactorRepository, 'list' | 'save'>,
    private readonly enabled: boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Reads the learnt factors back (on start). */
  async load(): Promise<void> {
    if (this.enabled) this.factors.load(await this.repo.list());
  }

  /** After a fix or a stop event: the vehicle heads for its next stop (a new leg is timed when the target changed). */
  heading(vehicle: Pick<FleetVehicle, 'id' | 'stops' | 'availableAtS'>, nowS: number): void {
    if (!this.enabled) return;
    const next = vehicle.stops[0];
    if (!next || next.arrivedAtS !== undefined) return this.timer.heading(vehicle.id, undefined, nowS, 0);
    const startS = Math.max(nowS, vehicle.availableAtS);
    this.timer.heading(vehicle.id, next, startS, next.legS / this.factors.at(nowS));
  }

  /** The vehicle reported reaching this stop: its leg teaches the hour's factor. */
  async arrived(vehicleId: string, stop: Pick<PlannedStop, 'tripId' | 'kind'>, atS: number): Promise<void> {
    if (!this.enabled) return;
    const leg = this.timer.arrived(vehicleId, stop, atS);
    const learnt = leg && this.factors.observe(leg.startedAtS, leg.plannedS, leg.observedS);
    if (!learnt) return;
    try {
      await this.repo.save(learnt, atS);
    } catch (e) {
      // The factor in memory is kept; the next sample of the hour saves it again.
      this.log(`speed factor of hour ${learnt.hour} not saved (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  forget(vehicleId: string): void {
    this.timer.forget(vehicleId);
  }
}
