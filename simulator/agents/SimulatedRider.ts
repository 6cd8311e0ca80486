import type { TripView } from '../../protocol/trips';
import type { DemandTrip } from '../demand/DemandTrip';
import type { CurbConduct } from '../world/RiderConduct';
import { type DispatcherClient, DispatcherHttpError } from './DispatcherClient';
import type { WsRiderLink } from './WsRiderLink';

export interface RiderBehaviour {
  /** Share of offers accepted (the rest are declined). */
  acceptShare: number;
  /** Share of accepted trips cancelled before pickup. */
  cancelShare: number;
  /** Share of accepted trips whose rider does not show up. */
  noShowShare: number;
  /** Seconds a rider takes to answer an offer. */
  answerAfterS: number;
}

/**
 * A simulated rider: requests the trip at its time, answers the offer after a moment, and sometimes
 * cancels later or does not show up. Random choices come from the simulation's seeded generator.
 */
/** Given names for simulated riders, so a driver's console shows a name, never a bare number. */
const GIVEN_NAMES = ['Minji', 'Jisoo', 'Hana', 'Seojun', 'Doyun', 'Yuna', 'Jiho', 'Ara', 'Minho', 'Soyeon', 'Eunji', 'Taeyang', 'Nari', 'Joon', 'Dahye', 'Siwoo'];

/** A stable name for a rider id: the same rider is always called the same. */
export function simulatedRiderName(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return GIVEN_NAMES[h % GIVEN_NAMES.length];
}

/** What a rider does in a simulated world, and where the vehicles learn of it. */
export interface RiderInWorld {
  conduct: CurbConduct;
  /** Late riders write their lateness here for the vehicles (trip id → seconds after the window opens). */
  lateS: Map<string, number>;
  /** A late cancellation comes this long before the promised window opens. */
  lateCancelLeadS: number;
}

export class SimulatedRider {
  trip: TripView | null = null;
  /** The rider's own channel from acceptance to pickup (when the simulation samples ETAs). */
  link: WsRiderLink | null = null;
  private answerAtS = Infinity;
  private cancelAtS = Infinity;
  private willAccept = true;
  outcome: 'pending' | 'offered' | 'accepted' | 'declined' | 'rejected' | 'cancelled' | 'failed' = 'pending';

  constructor(
    readonly id: string,
    readonly demand: DemandTrip,
    private readonly api: DispatcherClient,
    private readonly behaviour: RiderBehaviour,
    private readonly random: () => number,
    private readonly noShows: Set<string>,
    private readonly world: RiderInWorld | null = null,
    /** Opens the rider's channel following the accepted trip (the simulation samples the ETA the rider sees). */
    private readonly watch: ((tripId: string) => Promise<WsRiderLink>) | null = null,
  ) {}

  /** Stops following the trip (picked up, or over). */
  async unwatch(): Promise<void> {
    const l = this.link;
    this.link = null;
    await l?.close();
  }

  async step(now: number, startS: number): Promise<void> {
    try {
      if (this.outcome === 'pending' && now >= startS + this.demand.requestedAtS) {
        this.trip = await this.api.requestTrip(
          { riderId: this.id, riderName: simulatedRiderName(this.id), origin: [this.demand.origin[0], this.demand.origin[1]], destination: [this.demand.destination[0], this.demand.destination[1]], passengers: this.demand.passengers, ...(this.world?.conduct.wheelchairs ? { wheelchairs: this.world.conduct.wheelchairs } : {}) },
          `${this.id}-request`,
        );
        this.outcome = this.trip.state === 'offered' ? 'offered' : 'rejected';
        this.willAccept = this.random() < this.behaviour.acceptShare;
        this.answerAtS = now + this.behaviour.answerAfterS;
      } else if (this.outcome === 'offered' && now >= this.answerAtS && this.trip) {
        if (!this.willAccept) {
          this.trip = await this.api.decline(this.trip.id);
          this.outcome = 'declined';
          return;
        }
        this.trip = await this.api.accept(this.trip.id);
        this.outcome = 'accepted';
        const r = this.random();
        if (r < this.behaviour.cancelShare) this.cancelAtS = now + 60 + this.random() * 240;
        else if (r < this.behaviour.cancelShare + this.behaviour.noShowShare) this.noShows.add(this.trip.id);
        else if (this.world) {
          const c = this.world.conduct;
          if (c.lateS > 0) this.world.lateS.set(this.trip.id, c.lateS);
          // A late cancellation: the vehicle is already on its way when the rider calls it off.
          const opens = this.trip.promisedPickup?.earliestS;
          if (c.cancelsLate && opens !== undefined) this.cancelAtS = Math.max(now + 1, opens - this.world.lateCancelLeadS);
        }
        if (this.watch) this.link = await this.watch(this.trip.id);
      } else if (this.outcome === 'accepted' && now >= this.cancelAtS && this.trip) {
        this.cancelAtS = Infinity;
        this.trip = await this.api.cancel(this.trip.id, 'plans changed');
        this.outcome = 'cancelled';
      }
    } catch (e) {
      // A refused accept (offer no longer fits) or cancel (already on board) is part of life, not a crash.
      if (e instanceof DispatcherHttpError && e.status < 500) {
        if (this.outcome === 'offered') this.outcome = 'failed';
        if (this.outcome === 'accepted') this.cancelAtS = Infinity;
        return;
      }
      throw e;
    }
  }
}
