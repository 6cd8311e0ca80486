import L from 'leaflet';
import { ACTIVITY_ORDER, type FleetStore } from './FleetStore';
import { DOT_COLOURS } from './fleetRendering';

/** How a dot looks (its fill colour: DOT_COLOURS). */
const DOT_RADIUS_PX = 5;
const DOT_OUTLINE = { colour: '#ffffff', widthPx: 1.5 };
/** A pointer this close to a dot's edge is on it. */
const HIT_TOLERANCE_PX = 4;
/** The canvas reaches this far beyond the view (a share of its size), so a short pan shows dots at once. */
const PADDING = 0.2;

/**
 * Every vehicle as a dot on one canvas: one pass over the store per redraw, colour by colour, each dot a copy of its
 * colour's sprite (drawn once), dots outside the (padded) view skipped. No Leaflet layer per vehicle: a 10,000-vehicle fleet message costs one redraw
 * (at the next animation frame, however many messages came before it), and a pan or zoom only moves the canvas
 * until it ends. The canvas follows Leaflet's own canvas renderer: padded bounds, transformed during zoom animation.
 */
export class FleetDotsLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private bounds: L.Bounds | null = null;
  private zoom = 0;
  private center: L.LatLng | null = null;
  private frame = 0;
  private animating = false;
  private sprites: { ratio: number; sizePx: number; byActivity: HTMLCanvasElement[] } | null = null;
  /** Dots drawn by the last pass (those in the padded view). */
  drawn = 0;

  constructor(
    private readonly store: FleetStore,
    private readonly paneName: string,
    private readonly onDrawn: (drawn: number) => void = () => {},
  ) {
    super({ pane: paneName });
  }

  override onAdd(map: L.Map): this {
    const canvas = (this.canvas = L.DomUtil.create('canvas', 'leaflet-zoom-animated fleet-dots'));
    // The map takes the pointer (pan, zoom); the dots are found by position (`vehicleAt`).
    canvas.style.pointerEvents = 'none';
    canvas.dataset.testid = 'fleet-dots';
    this.ctx = canvas.getContext('2d');
    map.getPane(this.paneName)!.appendChild(canvas);
    this.update();
    return this;
  }

  override onRemove(): this {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.canvas?.remove();
    this.canvas = null;
    this.ctx = null;
    this.bounds = null;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      viewreset: () => this.reset(),
      zoom: () => this.updateTransform(this._map.getCenter(), this._map.getZoom()),
      zoomanim: (e) => {
        this.animating = true;
        const z = e as L.ZoomAnimEvent;
        this.updateTransform(z.center, z.zoom);
      },
      zoomend: () => (this.animating = false),
      moveend: () => this.update(),
    };
  }

  /** Draws again at the next animation frame (many calls before it make one drawing). */
  redraw(): void {
    if (this.frame !== 0 || !this.ctx) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The top-most vehicle's slot under a container point, or -1. */
  vehicleAt(point: L.Point): number {
    if (!this._map) return -1;
    const scale = 256 * Math.pow(2, this._map.getZoom());
    const origin = this._map.getPixelOrigin();
    const pane = this.mapPanePos();
    // Container point → layer point → world pixel.
    const wx = point.x - pane.x + origin.x;
    const wy = point.y - pane.y + origin.y;
    const reach = (DOT_RADIUS_PX + HIT_TOLERANCE_PX) ** 2;
    const s = this.store;
    let best = -1;
    let bestRank = -1;
    let bestD = Infinity;
    for (let i = 0; i < s.size; i++) {
      const dx = s.mx[i] * scale - wx;
      const dy = s.my[i] * scale - wy;
      const d = dx * dx + dy * dy;
      if (d > reach) continue;
      // The one drawn on top: later colours, then the nearest.
      const rank = s.activity[i];
      if (rank > bestRank || (rank === bestRank && d < bestD)) {
        best = i;
        bestRank = rank;
        bestD = d;
      }
    }
    return best;
  }

  private mapPanePos(): L.Point {
    return L.DomUtil.getPosition(this._map.getPane('mapPane')!) ?? L.point(0, 0);
  }

  private reset(): void {
    this.update();
    if (this.center) this.updateTransform(this.center, this.zoom);
  }

  /** Leaflet's Renderer._updateTransform: scales and shifts the canvas while the map zooms (drawn again at the end). */
  private updateTransform(center: L.LatLng, zoom: number): void {
    if (!this.canvas || !this.center) return;
    const map = this._map;
    const scale = map.getZoomScale(zoom, this.zoom);
    const viewHalf = map.getSize().multiplyBy(0.5 + PADDING);
    const currentCenterPoint = map.project(this.center, zoom);
    const newPixelOrigin = map.project(center, zoom).subtract(map.getSize().divideBy(2)).add(this.mapPanePos()).round();
    const topLeft = viewHalf.multiplyBy(-scale).add(currentCenterPoint).subtract(newPixelOrigin);
    L.DomUtil.setTransform(this.canvas, topLeft, scale);
  }

  /** After a move or zoom: the canvas covers the padded view again, sized for the screen's pixels, and is drawn. */
  private update(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas || (this.animating && this.bounds)) return;
    const size = map.getSize();
    const min = map.containerPointToLayerPoint(size.multiplyBy(-PADDING)).round();
    this.bounds = L.bounds(min, min.add(size.multiplyBy(1 + 2 * PADDING)).round());
    this.center = map.getCenter();
    this.zoom = map.getZoom();
    const extent = this.bounds.getSize();
    const ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, min);
    canvas.width = Math.round(ratio * extent.x);
    canvas.height = Math.round(ratio * extent.y);
    canvas.style.width = `${extent.x}px`;
    canvas.style.height = `${extent.y}px`;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  /** One small canvas per activity with its dot drawn once, at the screen's pixel ratio. */
  private spritesFor(ratio: number): { ratio: number; sizePx: number; byActivity: HTMLCanvasElement[] } {
    if (this.sprites?.ratio === ratio) return this.sprites;
    const sizePx = Math.ceil(2 * (DOT_RADIUS_PX + DOT_OUTLINE.widthPx)) + 2;
    const byActivity = ACTIVITY_ORDER.map((activity) => {
      const sprite = document.createElement('canvas');
      sprite.width = sprite.height = Math.ceil(sizePx * ratio);
      const c = sprite.getContext('2d')!;
      c.scale(ratio, ratio);
      c.beginPath();
      c.arc(sizePx / 2, sizePx / 2, DOT_RADIUS_PX, 0, 2 * Math.PI);
      c.fillStyle = DOT_COLOURS[activity];
      c.fill();
      c.lineWidth = DOT_OUTLINE.widthPx;
      c.strokeStyle = DOT_OUTLINE.colour;
      c.stroke();
      return sprite;
    });
    return (this.sprites = { ratio, sizePx, byActivity });
  }

  private draw(): void {
    const ctx = this.ctx;
    const bounds = this.bounds;
    if (!ctx || !bounds || !this._map) return;
    const ratio = window.devicePixelRatio || 1;
    const minX = bounds.min!.x;
    const minY = bounds.min!.y;
    const width = bounds.max!.x - minX;
    const height = bounds.max!.y - minY;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // Canvas pixel of a dot = world pixel − pixel origin (layer point) − the canvas's top left.
    const origin = this._map.getPixelOrigin();
    const scale = 256 * Math.pow(2, this.zoom);
    const offX = origin.x + minX;
    const offY = origin.y + minY;
    const sprites = this.spritesFor(ratio);
    const half = sprites.sizePx / 2;
    const s = this.store;
    let drawn = 0;
    // Each dot is a copy of its colour's sprite at a whole pixel: a blit, where filling and stroking 10,000 arcs
    // made the (software) rasterizer spend ~0.25 s a redraw on a loaded machine.
    for (let a = 0; a < ACTIVITY_ORDER.length; a++) {
      const sprite = sprites.byActivity[a];
      for (let i = 0; i < s.size; i++) {
        if (s.activity[i] !== a) continue;
        const x = s.mx[i] * scale - offX;
        const y = s.my[i] * scale - offY;
        if (x < -half || y < -half || x > width + half || y > height + half) continue;
        ctx.drawImage(sprite, Math.round((x - half) * ratio) / ratio, Math.round((y - half) * ratio) / ratio, sprites.sizePx, sprites.sizePx);
        drawn++;
      }
    }
    this.drawn = drawn;
    this.onDrawn(drawn);
  }
}
