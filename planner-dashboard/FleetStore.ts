import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';

/** Activities in drawing order (bottom first): a vehicle carrying riders is drawn over one driving to a pickup. */
export const ACTIVITY_ORDER: readonly VehicleActivity[] = ['off_shift', 'idle', 'to_pickup', 'carrying'];
const ACTIVITY_INDEX: Record<VehicleActivity, number> = { off_shift: 0, idle: 1, to_pickup: 2, carrying: 3 };

/** Leaflet's spherical Mercator clamps latitudes here (L.Projection.SphericalMercator.MAX_LATITUDE). */
const MAX_LATITUDE = 85.0511287798;

/** What one fleet message changed. */
export interface FleetChange {
  added: number;
  moved: number;
  /** Vehicles whose activity changed (their dot's colour). */
  restyled: number;
  removed: number;
  /** The counts by activity changed (legend and KPI cards). */
  countsChanged: boolean;
}

/**
 * The planner's fleet in flat typed arrays, one slot per vehicle (ids map to slots; a removed vehicle's slot takes
 * the last one's). A fleet message of 10,000 vehicles a second is applied in place: no object per vehicle is kept,
 * so the message's objects die young (a cheap scavenge) instead of living a second into the old generation.
 * Positions are kept as Web Mercator fractions of the world (0…1, as Leaflet's EPSG:3857 projects them): a pixel
 * at any zoom is that times 256·2^zoom, so nothing is projected again on zoom.
 */
export class FleetStore {
  private readonly slots = new Map<string, number>();
  private readonly idAt: string[] = [];
  private capacity = 0;
  private count = 0;
  lng = new Float64Array(0);
  lat = new Float64Array(0);
  /** Mercator fractions (x east, y south). */
  mx = new Float64Array(0);
  my = new Float64Array(0);
  /** Index into ACTIVITY_ORDER. */
  activity = new Uint8Array(0);
  onBoard = new Uint16Array(0);
  stops = new Uint16Array(0);
  private mark = new Uint32Array(0);
  /** Slots moved or restyled since the last takeChanged (each once), and whether vehicles came or went. */
  private changedFlag = new Uint8Array(0);
  private changedSlots = new Int32Array(0);
  private changedCount = 0;
  private structural = true;
  private pass = 0;
  private readonly byActivity = new Int32Array(ACTIVITY_ORDER.length);

  get size(): number {
    return this.count;
  }

  id(slot: number): string {
    return this.idAt[slot];
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  activityOf(slot: number): VehicleActivity {
    return ACTIVITY_ORDER[this.activity[slot]];
  }

  /** The whole fleet (a `fleet` message): vehicles not in it leave. */
  setFleet(vehicles: readonly FleetVehicleView[]): FleetChange {
    const change: FleetChange = { added: 0, moved: 0, restyled: 0, removed: 0, countsChanged: false };
    const pass = ++this.pass;
    for (const v of vehicles) {
      const slot = this.put(v, change); // before reading this.mark: put may grow the arrays
      this.mark[slot] = pass;
    }
    // Downwards: a removed slot takes the last one's, which this loop has already seen (and kept).
    for (let slot = this.count - 1; slot >= 0; slot--) {
      if (this.mark[slot] === pass) continue;
      this.remove(slot);
      change.removed++;
    }
    change.countsChanged = change.added + change.restyled + change.removed > 0;
    return change;
  }

  /** Only what changed (a `fleet_changes` message): these vehicles new or as they are now, those ids gone. */
  applyChanges(vehicles: readonly FleetVehicleView[], removed: readonly string[]): FleetChange {
    const change: FleetChange = { added: 0, moved: 0, restyled: 0, removed: 0, countsChanged: false };
    for (const v of vehicles) this.put(v, change);
    for (const id of removed) {
      const slot = this.slots.get(id);
      if (slot === undefined) continue;
      this.remove(slot);
      change.removed++;
    }
    change.countsChanged = change.added + change.restyled + change.removed > 0;
    return change;
  }

  private put(v: FleetVehicleView, change: FleetChange): number {
    let slot = this.slots.get(v.id);
    if (slot === undefined) {
      slot = this.add(v.id);
      change.added++;
      this.writePosition(slot, v.location[0], v.location[1]);
      this.writeActivity(slot, ACTIVITY_INDEX[v.activity]);
    } else {
      if (this.lng[slot] !== v.location[0] || this.lat[slot] !== v.location[1]) {
        this.writePosition(slot, v.location[0], v.location[1]);
        this.touch(slot);
        change.moved++;
      }
      const a = ACTIVITY_INDEX[v.activity];
      if (this.activity[slot] !== a) {
        this.byActivity[this.activity[slot]]--;
        this.writeActivity(slot, a);
        this.touch(slot);
        change.restyled++;
      }
    }
    this.onBoard[slot] = v.onBoard;
    this.stops[slot] = v.stops;
    return slot;
  }

  /** One vehicle's fix (a `vehicle_position` message); false for a vehicle not in the fleet. */
  move(id: string, location: readonly [number, number]): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.writePosition(slot, location[0], location[1]);
    this.touch(slot);
    return true;
  }

  /**
   * The slots moved or restyled since the last call (the first `count` of `slots`, each once), or null when vehicles
   * came or went meanwhile (slots were reused: everything is to be drawn again). Starts the next round.
   */
  takeChanged(): { slots: Int32Array; count: number } | null {
    const out = this.structural ? null : { slots: this.changedSlots, count: this.changedCount };
    for (let k = 0; k < this.changedCount; k++) this.changedFlag[this.changedSlots[k]] = 0;
    this.changedCount = 0;
    this.structural = false;
    return out;
  }

  /** Vehicles by what they are doing now. */
  counts(): Record<VehicleActivity, number> {
    const b = this.byActivity;
    return { off_shift: b[0], idle: b[1], to_pickup: b[2], carrying: b[3] };
  }

  private add(id: string): number {
    if (this.count === this.capacity) this.grow(Math.max(64, this.capacity * 2));
    const slot = this.count++;
    this.structural = true;
    this.slots.set(id, slot);
    this.idAt[slot] = id;
    return slot;
  }

  private remove(slot: number): void {
    this.byActivity[this.activity[slot]]--;
    this.structural = true;
    this.slots.delete(this.idAt[slot]);
    const last = --this.count;
    if (slot !== last) {
      const id = this.idAt[last];
      this.idAt[slot] = id;
      this.slots.set(id, slot);
      this.lng[slot] = this.lng[last];
      this.lat[slot] = this.lat[last];
      this.mx[slot] = this.mx[last];
      this.my[slot] = this.my[last];
      this.activity[slot] = this.activity[last];
      this.onBoard[slot] = this.onBoard[last];
      this.stops[slot] = this.stops[last];
      this.mark[slot] = this.mark[last];
    }
    this.changedFlag[last] = 0;
    this.idAt.length = last;
  }

  private touch(slot: number): void {
    if (this.changedFlag[slot]) return;
    this.changedFlag[slot] = 1;
    this.changedSlots[this.changedCount++] = slot;
  }

  private writePosition(slot: number, lng: number, lat: number): void {
    this.lng[slot] = lng;
    this.lat[slot] = lat;
    this.mx[slot] = mercatorX(lng);
    this.my[slot] = mercatorY(lat);
  }

  private writeActivity(slot: number, a: number): void {
    this.activity[slot] = a;
    this.byActivity[a]++;
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.lng = copy(this.lng, (n) => new Float64Array(n));
    this.lat = copy(this.lat, (n) => new Float64Array(n));
    this.mx = copy(this.mx, (n) => new Float64Array(n));
    this.my = copy(this.my, (n) => new Float64Array(n));
    this.activity = copy(this.activity, (n) => new Uint8Array(n));
    this.onBoard = copy(this.onBoard, (n) => new Uint16Array(n));
    this.stops = copy(this.stops, (n) => new Uint16Array(n));
    this.mark = copy(this.mark, (n) => new Uint32Array(n));
    this.changedFlag = copy(this.changedFlag, (n) => new Uint8Array(n));
    this.changedSlots = copy(this.changedSlots, (n) => new Int32Array(n));
    this.capacity = capacity;
  }
}

/** Longitude as a fraction of the Web Mercator world's width (0 at 180° W). */
export function mercatorX(lng: number): number {
  return lng / 360 + 0.5;
}

/** Latitude as a fraction of the Web Mercator world's height (0 at the top), clamped as Leaflet does. */
export function mercatorY(lat: number): number {
  const sin = Math.sin((Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
}
