import type L from 'leaflet';

/** The map's text labels: pin names, vehicle names, walk minutes, stop names. */
const LABELS = '.pin__label, .vehicle__label, .walk-minutes';
/** What a label should not sit on either: the marker symbols. */
const SYMBOLS = '.pin, .vehicle__body, .stop';
/** Gap kept between two labels, px. */
const GAP_PX = 2;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

const shifted = (b: Box, dx: number, dy: number): Box => ({ left: b.left + dx, top: b.top + dy, right: b.right + dx, bottom: b.bottom + dy });
const grown = (b: Box, px: number): Box => ({ left: b.left - px, top: b.top - px, right: b.right + px, bottom: b.bottom + px });

/** Where a label may go, nearest first: as drawn, above, below, beside, then further up or down. */
function candidates(w: number, h: number): Array<[number, number]> {
  const s = h + GAP_PX;
  const x = w / 2 + GAP_PX;
  return [
    [0, 0], [0, -s], [0, s], [x, 0], [-x, 0], [x, -s], [-x, -s], [x, s], [-x, s], [0, -2 * s], [0, 2 * s], [2 * x, 0], [-2 * x, 0], [0, -3 * s], [0, 3 * s],
  ];
}

function defaultPriority(label: HTMLElement): number {
  if (label.classList.contains('pin__label')) return 0;
  if (label.classList.contains('walk-minutes')) return 1;
  return 2;
}

/**
 * Labels on a map that do not cover each other: after every move, zoom or layer change, each label (in the order
 * given by `priority`, the rider's own pins first) takes the nearest of a few places beside its marker where it
 * overlaps no label already placed and, if it can, no marker symbol; where every place collides it takes the one
 * that collides least. Markers themselves stay where they are: only the words move (CSS `translate`, which adds
 * to the transform Leaflet positions them with).
 */
export class LabelLayout {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly map: L.Map,
    /** Lower is placed first (keeps its place): the rider's pins, then the walk minutes, then vehicle names. */
    private readonly priority: (label: HTMLElement) => number = defaultPriority,
  ) {
    map.on('zoomend moveend viewreset layeradd layerremove resize', () => this.schedule());
  }

  /** Lays the labels out at the next frame (and once more after marker transitions end, `settleMs` later). */
  schedule(settleMs = 0): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.layOut());
    if (settleMs > 0) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.schedule(), settleMs);
    }
  }

  layOut(): void {
    const container = this.map.getContainer();
    const labels = Array.from(container.querySelectorAll<HTMLElement>(LABELS));
    for (const l of labels) l.style.translate = '';
    const shown = labels
      .map((el, i) => ({ el, i, box: el.getBoundingClientRect() }))
      .filter((l) => l.box.width > 0 && l.box.height > 0 && (l.el.textContent ?? '').trim() !== '')
      .sort((a, b) => this.priority(a.el) - this.priority(b.el) || a.i - b.i);
    const symbols = Array.from(container.querySelectorAll<HTMLElement>(SYMBOLS)).map((el) => ({ el, box: el.getBoundingClientRect() as Box }));
    const placed: Box[] = [];
    for (const { el, box } of shown) {
      const owner = el.closest('.leaflet-marker-icon');
      const others = symbols.filter((s) => s.box.right - s.box.left > 0 && !(owner && (s.el === owner || owner.contains(s.el))));
      let best: { dx: number; dy: number; cost: number } = { dx: 0, dy: 0, cost: Infinity };
      for (const [dx, dy] of candidates(box.width, box.height)) {
        const at = shifted(box, dx, dy);
        const padded = grown(at, GAP_PX / 2);
        let cost = 0;
        for (const p of placed) cost += 100 * overlapArea(padded, p);
        for (const s of others) cost += overlapArea(at, s.box);
        if (cost < best.cost) best = { dx, dy, cost };
        if (cost === 0) break;
      }
      if (best.dx !== 0 || best.dy !== 0) el.style.translate = `${best.dx}px ${best.dy}px`;
      placed.push(grown(shifted(box, best.dx, best.dy), GAP_PX / 2));
    }
  }
}
