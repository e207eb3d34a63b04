/**
 * A small x-axis zoom for Chart.js written here (no plugin from the network): wheel zooms around the
 * cursor, drag pans, double-click or "0" resets, "+"/"-"/arrow keys for the keyboard. The range lives
 * outside the chart and is re-applied on every update, so live data never resets what the user chose.
 */
import type { Chart } from 'chart.js';

export interface XRange { min: number; max: number }

export class XZoom {
  range: XRange | undefined;

  constructor(private readonly chart: () => Chart | undefined, private readonly changed: () => void) {}

  /** The full extent of the data, to clamp zoom and pan. */
  extent: XRange | undefined;

  attach(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('wheel', (ev) => {
      const c = this.chart();
      if (!c) return;
      ev.preventDefault();
      const x = c.scales.x.getValueForPixel(ev.offsetX);
      this.zoom(ev.deltaY < 0 ? 0.8 : 1.25, typeof x === 'number' ? x : undefined);
    }, { passive: false });
    let drag: { px: number; range: XRange } | undefined;
    canvas.addEventListener('pointerdown', (ev) => {
      const r = this.current();
      if (r && this.range) { drag = { px: ev.offsetX, range: r }; canvas.setPointerCapture(ev.pointerId); }
    });
    canvas.addEventListener('pointermove', (ev) => {
      const c = this.chart();
      if (!drag || !c) return;
      const perPx = (drag.range.max - drag.range.min) / Math.max(1, c.chartArea.right - c.chartArea.left);
      const dx = (ev.offsetX - drag.px) * perPx;
      this.set({ min: drag.range.min - dx, max: drag.range.max - dx });
    });
    const end = () => { drag = undefined; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('dblclick', () => this.reset());
    canvas.addEventListener('keydown', (ev) => {
      const r = this.current();
      if (ev.key === '+' || ev.key === '=') this.zoom(0.8);
      else if (ev.key === '-') this.zoom(1.25);
      else if (ev.key === '0') this.reset();
      else if ((ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') && r && this.range) {
        const d = (r.max - r.min) * 0.1 * (ev.key === 'ArrowLeft' ? -1 : 1);
        this.set({ min: r.min + d, max: r.max + d });
      } else return;
      ev.preventDefault();
    });
  }

  private current(): XRange | undefined {
    if (this.range) return this.range;
    return this.extent;
  }

  zoom(factor: number, around?: number): void {
    const r = this.current();
    if (!r) return;
    const c = around ?? (r.min + r.max) / 2;
    this.set({ min: c - (c - r.min) * factor, max: c + (r.max - c) * factor });
  }

  set(r: XRange): void {
    const e = this.extent;
    let { min, max } = r;
    if (e) {
      const width = Math.min(max - min, e.max - e.min);
      if (width >= e.max - e.min) { this.reset(); return; }
      if (min < e.min) { min = e.min; max = min + width; }
      if (max > e.max) { max = e.max; min = max - width; }
    }
    if (!(max > min)) return;
    this.range = { min, max };
    this.changed();
  }

  reset(): void {
    if (!this.range) return;
    this.range = undefined;
    this.changed();
  }
}
