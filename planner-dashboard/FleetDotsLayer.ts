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
 * Every vehicle as a dot on one canvas: one pass over the store per redraw, colour by colour, each dot its colour's
 * sprite (drawn once) copied pixel by pixel into one image, dots outside the (padded) view skipped. No Leaflet layer per vehicle: a 10,000-vehicle fleet message costs one redraw
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
  private sprites: Sprites | null = null;
  private image: ImageData | null = null;
  private buffer: Uint32Array | null = null;
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

  /** Each activity's dot drawn once at the screen's pixel ratio, kept as its visible pixels (offset, colour, alpha). */
  private spritesFor(ratio: number): Sprites {
    if (this.sprites?.ratio === ratio) return this.sprites;
    const cssPx = Math.ceil(2 * (DOT_RADIUS_PX + DOT_OUTLINE.widthPx)) + 2;
    const side = Math.ceil(cssPx * ratio);
    const byActivity = ACTIVITY_ORDER.map((activity) => {
      const sprite = document.createElement('canvas');
      sprite.width = sprite.height = side;
      const c = sprite.getContext('2d')!;
      c.scale(ratio, ratio);
      c.beginPath();
      c.arc(cssPx / 2, cssPx / 2, DOT_RADIUS_PX, 0, 2 * Math.PI);
      c.fillStyle = DOT_COLOURS[activity];
      c.fill();
      c.lineWidth = DOT_OUTLINE.widthPx;
      c.strokeStyle = DOT_OUTLINE.colour;
      c.stroke();
      const rgba = new Uint32Array(c.getImageData(0, 0, side, side).data.buffer);
      const visible = rgba.reduce((n, p) => n + (p >>> 24 > 0 ? 1 : 0), 0);
      const pixels: SpritePixels = { dx: new Int32Array(visible), dy: new Int32Array(visible), rgba: new Uint32Array(visible) };
      let k = 0;
      for (let p = 0; p < rgba.length; p++) {
        if (rgba[p] >>> 24 === 0) continue;
        pixels.dx[k] = p % side;
        pixels.dy[k] = Math.floor(p / side);
        pixels.rgba[k++] = rgba[p];
      }
      return pixels;
    });
    return (this.sprites = { ratio, side, byActivity });
  }

  /**
   * The whole canvas at once: each dot's sprite pixels written into one buffer (blended where the sprite's edge is
   * soft), then one putImageData. Canvas calls per dot (fill and stroke of an arc, or drawImage) cost the software
   * rasterizer ~0.1-0.25 s for 10,000 dots on a loaded machine; writing the pixels is a few milliseconds.
   */
  private draw(): void {
    const ctx = this.ctx;
    const bounds = this.bounds;
    const canvas = this.canvas;
    if (!ctx || !bounds || !canvas || !this._map) return;
    const ratio = window.devicePixelRatio || 1;
    const W = canvas.width;
    const H = canvas.height;
    if (W === 0 || H === 0) return;
    if (!this.image || this.image.width !== W || this.image.height !== H) {
      this.image = ctx.createImageData(W, H);
      this.buffer = new Uint32Array(this.image.data.buffer);
    }
    const out = this.buffer!;
    out.fill(0);
    // Device pixel of a dot's sprite = (world pixel − pixel origin − the canvas's top left) × ratio − half a sprite.
    const origin = this._map.getPixelOrigin();
    const scale = 256 * Math.pow(2, this.zoom) * ratio;
    const sprites = this.spritesFor(ratio);
    const side = sprites.side;
    const offX = (origin.x + bounds.min!.x) * ratio + side / 2;
    const offY = (origin.y + bounds.min!.y) * ratio + side / 2;
    const s = this.store;
    let drawn = 0;
    for (let a = 0; a < ACTIVITY_ORDER.length; a++) {
      const { dx, dy, rgba } = sprites.byActivity[a];
      const n = rgba.length;
      for (let i = 0; i < s.size; i++) {
        if (s.activity[i] !== a) continue;
        const x0 = Math.round(s.mx[i] * scale - offX);
        const y0 = Math.round(s.my[i] * scale - offY);
        if (x0 <= -side || y0 <= -side || x0 >= W || y0 >= H) continue;
        drawn++;
        const inside = x0 >= 0 && y0 >= 0 && x0 + side <= W && y0 + side <= H;
        for (let k = 0; k < n; k++) {
          const x = x0 + dx[k];
          const y = y0 + dy[k];
          if (!inside && (x < 0 || y < 0 || x >= W || y >= H)) continue;
          const at = y * W + x;
          const src = rgba[k];
          const sa = src >>> 24;
          const dst = out[at];
          out[at] = sa === 255 || dst === 0 ? src : over(src, sa, dst);
        }
      }
    }
    ctx.putImageData(this.image, 0, 0);
    this.drawn = drawn;
    this.onDrawn(drawn);
  }
}

interface SpritePixels {
  dx: Int32Array;
  dy: Int32Array;
  /** As ImageData holds them (little-endian RGBA: alpha in the top byte), not premultiplied. */
  rgba: Uint32Array;
}

interface Sprites {
  ratio: number;
  /** The sprite's side in device pixels. */
  side: number;
  byActivity: SpritePixels[];
}

/** `src` (alpha `sa` < 255) over `dst`, both straight (not premultiplied) RGBA. */
function over(src: number, sa: number, dst: number): number {
  const da = dst >>> 24;
  const keep = (da * (255 - sa)) / 255;
  const oa = sa + keep;
  const b = Math.round((((src >>> 16) & 255) * sa + ((dst >>> 16) & 255) * keep) / oa);
  const g = Math.round((((src >>> 8) & 255) * sa + ((dst >>> 8) & 255) * keep) / oa);
  const r = Math.round(((src & 255) * sa + (dst & 255) * keep) / oa);
  return ((Math.round(oa) << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
