/** Fewest milliseconds between two positions sent (drivers send about one a second). */
export const MIN_REPORT_INTERVAL_MS = 1000;

export interface GpsFix {
  location: [number, number];
  headingDeg?: number;
  speedMps?: number;
}

/**
 * The browser's geolocation, thinned to one fix a second, handed to `send`. Where there is no
 * geolocation (or the driver refuses it) nothing is sent, and a simulator may report positions instead.
 */
export class GpsReporter {
  private watch: number | null = null;
  private lastSentMs = 0;

  constructor(
    private readonly send: (fix: GpsFix) => void,
    private readonly onState: (state: 'on' | 'off' | 'denied' | 'unavailable') => void,
  ) {}

  get available(): boolean {
    return 'geolocation' in navigator;
  }

  start(): void {
    if (this.watch !== null) return;
    if (!this.available) return this.onState('unavailable');
    this.watch = navigator.geolocation.watchPosition(
      (p) => {
        const now = Date.now();
        if (now - this.lastSentMs < MIN_REPORT_INTERVAL_MS) return;
        this.lastSentMs = now;
        const { longitude, latitude, heading, speed } = p.coords;
        this.send({
          location: [Math.round(longitude * 1e6) / 1e6, Math.round(latitude * 1e6) / 1e6],
          ...(heading !== null && Number.isFinite(heading) ? { headingDeg: Math.min(360, Math.max(0, heading)) } : {}),
          ...(speed !== null && Number.isFinite(speed) ? { speedMps: Math.min(100, Math.max(0, speed)) } : {}),
        });
      },
      (e) => {
        this.stop();
        this.onState(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, maximumAge: 2000, timeout: 20_000 },
    );
    this.onState('on');
  }

  stop(): void {
    if (this.watch !== null) navigator.geolocation.clearWatch(this.watch);
    this.watch = null;
    this.onState('off');
  }
}
