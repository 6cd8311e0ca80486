import type { LngLat, Router } from '../../routing/Router';
import { distanceM } from '../../routing/geo';
import type { ManifestStop } from '../../protocol/realtime';
import type { GpsReceiver } from '../world/GpsReceiver';
import type { SimulatedWorld } from '../world/SimulatedWorld';
import type { DriverLink } from './DriverLink';
import { STOP_APPROACH } from '../../dispatcher/fleet/stopApproaches';

export interface DriverBehaviour {
  /** Seconds at a stop for boarding or alighting (without a world; a world has its own dwell times). */
  dwellS: number;
  /** Seconds a driver waits at a pickup at least before reporting a no-show (the dispatcher may ask for longer). */
  noShowWaitS: number;
  /** Send a GPS position this often (simulated seconds). */
  pingEveryS: number;
}

/** What the simulated riders do at the curb, as the vehicles find out by getting there. */
export interface CurbState {
  /** Trips whose rider will not show up (the rider model decides; the driver only finds out by waiting). */
  noShows: ReadonlySet<string>;
  /** Seconds after the promised window opens that a late rider reaches the curb (absent: on time). */
  lateS?: ReadonlyMap<string, number>;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'driving'; key: string; line: LngLat[]; cumS: number[]; startS: number }
  | { kind: 'repositioning'; key: string; line: LngLat[]; cumS: number[]; startS: number }
  | { kind: 'waiting'; key: string; stop: ManifestStop; arrivedS: number; noShowFromS: number }
  | { kind: 'dwelling'; key: string; untilS: number; then: 'picked_up' | 'dropped_off' | 'no_show' };

const keyOf = (s: ManifestStop) => `${s.kind}:${s.tripId}`;

/**
 * A simulated vehicle: drives to the next stop of its manifest, sends GPS positions, and reports arrived / picked
 * up / no-show / dropped off over its driver link. Without a world it drives the router's route at the router's
 * speed; in a world it drives that world's times (traffic, noise, incidents, missed turns), waits for riders who
 * come late, dwells by passengers and wheelchairs, and sends what its GPS receiver gives. The dispatcher sees only
 * the positions and the stop reports. It keeps an odometer (metres actually driven) for the what-if reports.
 */
export class SimulatedVehicle {
  position: LngLat;
  odometerM = 0;
  /** Simulated seconds spent with nothing to do (no stop left on the manifest). */
  idleS = 0;
  /** Legs started (each new target stop is one), numbering the world's draws. */
  legs = 0;
  private lastStepS: number | null = null;
  private phase: Phase = { kind: 'idle' };
  private lastPingS = -Infinity;
  /** Stops already reported done: ignored until the next manifest drops them. */
  private readonly done = new Set<string>();
  /** The manifest `done` was last pruned against. */
  private prunedFor: unknown = undefined;
  private readonly gps: GpsReceiver | null;

  constructor(
    readonly id: string,
    start: LngLat,
    private readonly link: DriverLink,
    private readonly router: Router,
    private readonly behaviour: DriverBehaviour,
    private readonly curb: CurbState,
    private readonly world: SimulatedWorld | null = null,
  ) {
    this.position = start;
    this.gps = world ? world.gpsOf(id) : null;
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
    const manifest = this.link.manifest;
    if (manifest !== this.prunedFor) {
      // A stop the new manifest no longer has is forgotten: a trip moved away and back later is a stop to serve again.
      this.prunedFor = manifest;
      const open = new Set(manifest?.stops.map(keyOf) ?? []);
      for (const key of this.done) if (!open.has(key)) this.done.delete(key);
    }
    const next = manifest?.stops.find((s) => !this.done.has(keyOf(s)));
    if (this.phase.kind === 'dwelling') {
      if (now >= this.phase.untilS) await this.finishDwell(this.phase, now);
    } else if (this.phase.kind === 'waiting') {
      await this.wait(this.phase, now);
    } else if (!next) {
      await this.reposition(now);
    } else if (this.phase.kind !== 'driving' || this.phase.key !== keyOf(next)) {
      // A stop comes first: a reposition under way is dropped here.
      await this.driveTo(next, now);
    }
    if (this.phase.kind === 'driving') await this.advance(now, next!);
    else if (this.phase.kind === 'repositioning') this.advanceReposition(now);
    if (!next && this.phase.kind !== 'driving' && this.lastStepS !== null) this.idleS += now - this.lastStepS;
    this.lastStepS = now;
    if (now - this.lastPingS >= this.behaviour.pingEveryS) {
      this.lastPingS = now;
      await this.sendPosition(now, false);
    }
  }

  /** A GPS position to the dispatcher, as the receiver gives it (nothing during a dropout unless `force`). */
  private async sendPosition(now: number, force: boolean): Promise<void> {
    const fix = this.gps ? this.gps.fix(this.position, now, force) : this.position;
    if (fix) await this.link.position([fix[0], fix[1]], this.phase.kind === 'driving' ? 8 : 0);
  }

  private async driveTo(stop: ManifestStop, now: number): Promise<void> {
    const leg = this.legs++;
    // As the dispatcher plans it (and the console shows it): arriving with the stop on the curb side.
    const curb = { approaches: [null, STOP_APPROACH] as const };
    let route = await this.router.route([this.position, stop.location], curb);
    const via = this.world?.drivers.detourVia(this.id, leg, route.geometry.coordinates);
    if (via) {
      // A missed turn: the way through a point off the planned line, then on to the stop.
      route = await this.router.route([this.position, via, stop.location], { approaches: [null, null, STOP_APPROACH] }).catch(() => route);
    }
    const line = route.geometry.coordinates;
    // Time along the line: each segment at its road's speed when the router says so, else evenly by distance.
    const totalM = line.reduce((s, p, i) => (i === 0 ? 0 : s + distanceM(line[i - 1], p)), 0);
    const planned: number[] = [];
    for (let i = 1; i < line.length; i++) {
      planned.push(route.segmentDurationsS?.[i - 1] ?? (totalM > 0 ? (distanceM(line[i - 1], line[i]) / totalM) * route.durationS : 0));
    }
    const cumS = this.world ? this.world.driveTimes(this.id, leg, line, planned, now) : planned.reduce((c, s) => (c.push(c[c.length - 1] + s), c), [0]);
    this.phase = { kind: 'driving', key: keyOf(stop), line, cumS, startS: now };
  }

  /**
   * Nothing to do: drive toward the manifest's `repositionTo` (where the dispatcher expects riders) once, then wait
   * there. Driven at the router's times (a reposition has no promise to keep, so the world's noise is left out).
   */
  private async reposition(now: number): Promise<void> {
    const to = this.link.manifest?.repositionTo;
    const key = to ? `reposition:${to[0]},${to[1]}` : null;
    if (!to || !key || this.done.has(key)) {
      if (this.phase.kind !== 'repositioning' || !to) this.phase = { kind: 'idle' };
      return;
    }
    if (this.phase.kind === 'repositioning' && this.phase.key === key) return;
    const route = await this.router.route([this.position, to]).catch(() => null);
    if (!route) {
      this.done.add(key);
      this.phase = { kind: 'idle' };
      return;
    }
    const line = route.geometry.coordinates;
    const totalM = line.reduce((acc, p, i) => (i === 0 ? 0 : acc + distanceM(line[i - 1], p)), 0);
    const cumS = [0];
    for (let i = 1; i < line.length; i++) cumS.push(cumS[i - 1] + (route.segmentDurationsS?.[i - 1] ?? (totalM > 0 ? (distanceM(line[i - 1], line[i]) / totalM) * route.durationS : 0)));
    this.phase = { kind: 'repositioning', key, line, cumS, startS: now };
  }

  private advanceReposition(now: number): void {
    if (this.phase.kind !== 'repositioning') return;
    const { line, cumS, startS, key } = this.phase;
    const before = this.position;
    this.position = pointAt(line, cumS, Math.min(cumS[cumS.length - 1], now - startS));
    this.odometerM += distanceM(before, this.position);
    if (now - startS >= cumS[cumS.length - 1]) {
      this.done.add(key);
      this.phase = { kind: 'idle' };
    }
  }

  private async advance(now: number, stop: ManifestStop): Promise<void> {
    if (this.phase.kind !== 'driving') return;
    const { line, cumS, startS } = this.phase;
    const totalS = cumS[cumS.length - 1];
    const before = this.position;
    this.position = pointAt(line, cumS, Math.min(totalS, now - startS));
    this.odometerM += distanceM(before, this.position);
    if (now - startS < totalS) return;
    // At the stop: the console takes a fresh fix when the driver presses the button.
    if (this.gps) await this.sendPosition(now, true);
    const event = stop.kind === 'pickup' ? 'arrived_pickup' : 'arrived_dropoff';
    const arrived = await this.link.stopEvent(stop.tripId, event, now);
    if (!arrived.ok) {
      // Cancelled or moved to another vehicle while we drove: drop it and take the next stop.
      this.done.add(keyOf(stop));
      this.phase = { kind: 'idle' };
      return;
    }
    if (stop.kind === 'dropoff') {
      this.phase = { kind: 'dwelling', key: keyOf(stop), untilS: now + this.dwellS(stop), then: 'dropped_off' };
      return;
    }
    this.phase = { kind: 'waiting', key: keyOf(stop), stop, arrivedS: now, noShowFromS: now + this.behaviour.noShowWaitS };
    await this.wait(this.phase, now);
  }

  /** At a pickup: board the rider once they are at the curb, or report a no-show once the wait is over. */
  private async wait(phase: Extract<Phase, { kind: 'waiting' }>, now: number): Promise<void> {
    if (!this.holds(phase.stop.tripId)) {
      // Cancelled at the last moment (or moved away) while we waited: on to the next stop.
      this.done.add(phase.key);
      this.phase = { kind: 'idle' };
      return;
    }
    // The manifest as it is now: a promise moved while the vehicle waits moves the window the rider comes for.
    phase.stop = this.link.manifest?.stops.find((s) => keyOf(s) === phase.key) ?? phase.stop;
    if (now >= this.riderAtCurbS(phase)) {
      // Never board before the promised window opens: wait at the curb.
      this.phase = { kind: 'dwelling', key: phase.key, untilS: Math.max(now + this.dwellS(phase.stop), phase.stop.earliestS), then: 'picked_up' };
      return;
    }
    if (now < phase.noShowFromS) return;
    const ack = await this.link.stopEvent(phase.stop.tripId, 'no_show', now);
    if (!ack.ok && ack.code === 'NoShowTooEarly') {
      // The dispatcher says wait longer (the rider's window is still open): ask again a little later.
      phase.noShowFromS = now + 15;
      return;
    }
    this.finished(phase.key, 'no_show', ack);
  }

  /** A rider on time comes to the curb when the window opens (or is there already); a late one later; a no-show never. */
  private riderAtCurbS(phase: Extract<Phase, { kind: 'waiting' }>): number {
    const tripId = phase.stop.tripId;
    if (this.curb.noShows.has(tripId)) return Infinity;
    return this.world ? Math.max(phase.arrivedS, phase.stop.earliestS + (this.curb.lateS?.get(tripId) ?? 0)) : phase.arrivedS;
  }

  private dwellS(stop: ManifestStop): number {
    return this.world ? this.world.dwell.seconds(stop.passengers, stop.wheelchairs) : this.behaviour.dwellS;
  }

  private async finishDwell(phase: Extract<Phase, { kind: 'dwelling' }>, now: number): Promise<void> {
    const tripId = phase.key.slice(phase.key.indexOf(':') + 1);
    const ack = await this.link.stopEvent(tripId, phase.then, now);
    this.finished(phase.key, phase.then, ack);
  }

  private finished(key: string, then: 'picked_up' | 'dropped_off' | 'no_show', ack: { ok: true } | { ok: false; code: string; message: string }): void {
    const tripId = key.slice(key.indexOf(':') + 1);
    this.done.add(key);
    if (then === 'no_show') this.done.add(`dropoff:${tripId}`);
    if (!ack.ok && ack.code !== 'StopNotOnVehicle') process.stderr.write(`vehicle ${this.id}: ${then} for ${tripId} refused: ${ack.message}\n`);
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
