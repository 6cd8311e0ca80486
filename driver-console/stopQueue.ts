import type { Manifest, ManifestStop } from '../protocol/realtime';
import type { StopEvent } from '../protocol/trips';

/** A stop report the driver made while the link was down: sent, in order, once it is back. */
export interface QueuedReport {
  tripId: string;
  event: StopEvent;
  /** When the button was pressed (epoch seconds) and where the bus was then. */
  atS: number;
  location?: [number, number];
  confirmOffSite?: boolean;
}

const kindOf = (event: StopEvent): ManifestStop['kind'] => (event === 'arrived_dropoff' || event === 'dropped_off' ? 'dropoff' : 'pickup');

/**
 * The manifest as it will be once the queued reports reach the dispatcher: an arrival marks its stop
 * arrived, a pickup, no-show or drop-off takes its stop off (a no-show its drop-off too). So the driver
 * goes on working from the next stop while offline.
 */
export function withQueued(manifest: Manifest | null, queue: readonly QueuedReport[]): Manifest | null {
  if (!manifest || queue.length === 0) return manifest;
  let stops = manifest.stops.map((s) => ({ ...s }));
  for (const r of queue) {
    const kind = kindOf(r.event);
    const stop = stops.find((s) => s.tripId === r.tripId && s.kind === kind);
    if (!stop) continue;
    // An arrival queued offline: the no-show time is the dispatcher's to say, once the report reaches it.
    if (r.event === 'arrived_pickup' || r.event === 'arrived_dropoff') stop.state = 'arrived';
    else if (r.event === 'no_show') stops = stops.filter((s) => s.tripId !== r.tripId);
    else stops = stops.filter((s) => s !== stop);
  }
  return { ...manifest, stops, routeToNext: stops[0]?.tripId === manifest.stops[0]?.tripId && stops[0]?.kind === manifest.stops[0]?.kind ? manifest.routeToNext : [] };
}

/** The queue kept on the device per vehicle, so a reload while offline loses no report. */
export class StopQueue {
  private items: QueuedReport[];

  constructor(private readonly key: string) {
    this.items = StopQueue.read(key);
  }

  get reports(): readonly QueuedReport[] {
    return this.items;
  }

  push(report: QueuedReport): void {
    this.items = [...this.items, report];
    this.save();
  }

  /** Takes the oldest report off once it has been delivered (or the dispatcher has it already). */
  shift(): void {
    this.items = this.items.slice(1);
    this.save();
  }

  clear(): void {
    this.items = [];
    this.save();
  }

  private save(): void {
    if (this.items.length === 0) localStorage.removeItem(this.key);
    else localStorage.setItem(this.key, JSON.stringify(this.items));
  }

  private static read(key: string): QueuedReport[] {
    try {
      const value: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
      return Array.isArray(value) ? (value as QueuedReport[]).filter((r) => typeof r?.tripId === 'string' && typeof r.event === 'string' && typeof r.atS === 'number') : [];
    } catch {
      return [];
    }
  }
}
