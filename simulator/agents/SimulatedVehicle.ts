import type { LngLat, Router } from '../../routing/Router';
import { distanceM } from '../../routing/geo';
import type { ManifestStop } from '../../protocol/realtime';
import type { DriverLink } from './DriverLink';
import { STOP_APPROACH } from '../../dispatcher/fleet/stopApproaches';

export interface DriverBehaviour {
  /** Seconds at a stop for boarding or alighting. */
  dwellS: number;
  /** Seconds a driver waits at a pickup at least before reporting a no-show (the dispatcher may ask for longer). */
  noShowWaitS: number;
  /** Send a GPS position this often (simulated seconds). */
  pingEveryS: number;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'driving'; key: string; line: LngLat[]; cumS: number[]; startS: number; durationS: number }
  | { kind: 'dwelling'; key: string; untilS: number; then: 'picked_up' | 'dropped_off' | 'no_show' };

const keyOf = (s: ManifestStop) => `${s.kind}:${s.tripId}`;

/**
 * A simulated vehicle: follows the router's route to the next stop of its manifest at the router's speed,
 * sends GPS positions, and reports arrived / picked up / no-show / dropped off over its driver link.
 * It keeps an odometer (metres actually driven) for the what-if reports.
 */
export class SimulatedVehicle {
  position: LngLat;
  odometerM = 0;
  /** Simulated seconds spent with nothing to do (no stop left on the manifest). */
  idleS = 0;
  private lastStepS: number | null = null;
  private phase: Phase = { kind: 'idle' };
  private lastPingS = -Infinity;
  /** Stops already reported done: ignored until the next manifest drops them. */
  private readonly done = new Set<string>();

  constructor(
    readonly id: string,
    start: LngLat,
    private readonly link: DriverLink,
    private readonly router: Router,
    private readonly behaviour: DriverBehaviour,
    /** Trips whose rider will not show up (the rider model decides; the driver only finds out by waiting). */
    private readonly noShows: ReadonlySet<string>,
  ) {
    this.position = start;
  }

  /** True while the vehicle's manifest still has a stop of this trip. */
  holds(tripId: string | undefined): boolean {
    return tripId !== undefined && (this.link.manifest?.stops.some((s) => s.tripId === tripId) ?? false);
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  /** Advances the vehicle to simulated time `now`. */
  async step(now: number): Promise<void> {
    const next = this.link.manifest?.stops.find((s) => !this.done.has(keyOf(s)));
    if (this.phase.kind === 'dwelling') {
      if (now >= this.phase.untilS) await this.finishDwell(this.phase, now);
    } else if (!next) {
      this.phase = { kind: 'idle' };
    } else if (this.phase.kind !== 'driving' || this.phase.key !== keyOf(next)) {
      await this.driveTo(next, now);
    }
    if (this.phase.kind === 'driving') await this.advance(now, next!);
    if (!next && this.phase.kind === 'idle' && this.lastStepS !== null) this.idleS += now - this.lastStepS;
    this.lastStepS = now;
    if (now - this.lastPingS >= this.behaviour.pingEveryS) {
      this.lastPingS = now;
      await this.link.position([this.position[0], this.position[1]], this.phase.kind === 'driving' ? 8 : 0);
    }
  }

  private async driveTo(stop: ManifestStop, now: number): Promise<void> {
    // As the dispatcher plans it (and the console shows it): arriving with the stop on the curb side.
    const route = await this.router.route([this.position, stop.location], { approaches: [null, STOP_APPROACH] });
    const line = route.geometry.coordinates;
    // Time along the line: each segment at its road's speed when the router says so, else evenly by distance.
    const cumS = [0];
    const totalM = line.reduce((s, p, i) => (i === 0 ? 0 : s + distanceM(line[i - 1], p)), 0);
    for (let i = 1; i < line.length; i++) {
      const seg = route.segmentDurationsS?.[i - 1] ?? (totalM > 0 ? (distanceM(line[i - 1], line[i]) / totalM) * route.durationS : 0);
      cumS.push(cumS[i - 1] + seg);
    }
    this.phase = { kind: 'driving', key: keyOf(stop), line, cumS, startS: now, durationS: route.durationS };
  }

  private async advance(now: number, stop: ManifestStop): Promise<void> {
    if (this.phase.kind !== 'driving') return;
    const { line, cumS, startS, durationS } = this.phase;
    const share = durationS > 0 ? Math.min(1, (now - startS) / durationS) : 1;
    const before = this.position;
    this.position = pointAt(line, cumS, share * cumS[cumS.length - 1]);
    this.odometerM += distanceM(before, this.position);
    if (share < 1) return;
    const event = stop.kind === 'pickup' ? 'arrived_pickup' : 'arrived_dropoff';
    const arrived = await this.link.stopEvent(stop.tripId, event, now);
    if (!arrived.ok) {
      // Cancelled or moved to another vehicle while we drove: drop it and take the next stop.
      this.done.add(keyOf(stop));
      this.phase = { kind: 'idle' };
      return;
    }
    const noShow = stop.kind === 'pickup' && this.noShows.has(stop.tripId);
    // Never board before the promised window opens: wait at the curb.
    const boardAt = stop.kind === 'pickup' ? Math.max(now + this.behaviour.dwellS, stop.earliestS) : now + this.behaviour.dwellS;
    this.phase = {
      kind: 'dwelling',
      key: keyOf(stop),
      untilS: noShow ? now + this.behaviour.noShowWaitS : boardAt,
      then: noShow ? 'no_show' : stop.kind === 'pickup' ? 'picked_up' : 'dropped_off',
    };
  }

  private async finishDwell(phase: Extract<Phase, { kind: 'dwelling' }>, now: number): Promise<void> {
    const tripId = phase.key.slice(phase.key.indexOf(':') + 1);
    const ack = await this.link.stopEvent(tripId, phase.then, now);
    if (!ack.ok && ack.code === 'NoShowTooEarly') {
      // The dispatcher says wait longer (the rider's window is still open): ask again a little later.
      phase.untilS += 15;
      return;
    }
    this.done.add(phase.key);
    if (phase.then === 'no_show') this.done.add(`dropoff:${tripId}`);
    if (!ack.ok && ack.code !== 'StopNotOnVehicle') process.stderr.write(`vehicle ${this.id}: ${phase.then} for ${tripId} refused: ${ack.message}\n`);
    this.phase = { kind: 'idle' };
  }
}

/** The point reached after `at` (seconds, or any measure cumulated in `cum`) along the line. */
function pointAt(line: LngLat[], cum: number[], at: number): LngLat {
  for (let i = 1; i < line.length; i++) {
    if (at <= cum[i]) {
      const seg = cum[i] - cum[i - 1];
      const t = seg > 0 ? (at - cum[i - 1]) / seg : 1;
      return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
    }
  }
  return line[line.length - 1];
}
