/**
 * One chart in a card: title, canvas, an HTML legend (keyboard-toggleable series), reset-zoom and
 * PNG/CSV export buttons, and an empty state. Series are replaced wholesale on each update; zoom,
 * log-y, smoothing and hidden series are card state that survives those updates.
 */
import type { Chart, ChartDataset } from 'chart.js';
import { registerCharts } from './chart-setup';
import { decimate, stride, type Pt } from './decimate';
import { smooth } from './smooth';
import { XZoom } from './zoom';
import { el, clear } from './dom';
import { colourFor, withAlpha } from './palette';
import { themeColours } from './theme';
import { formatTick } from './ticks';
import { symlog, symlogThreshold, symlogTickValues, type Symlog } from './symlog';

/** How a y axis is drawn: linear, log (every value > 0) or symlog (signed values asked for log y). */
type YScale = { kind: 'linear' } | { kind: 'log' } | { kind: 'symlog'; s: Symlog };

/** Log axes label only 1, 2 and 5 × 10^k: Chart.js places a tick at every integer multiple. */
function logTickLabel(v: number): string {
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? formatTick(v) : '';
}

export interface SeriesPoint extends Pt { e?: number }

export interface Series {
  key: string;
  label: string;
  points: SeriesPoint[];
  axis?: 'y' | 'y2';
  dashed?: boolean;
  /** Connect points (curves) or not (scatter). */
  line?: boolean;
  pointRadius?: number;
  colour?: string;
  /** Shade the area between this series and the series with this key. */
  fillTo?: string;
  errorBars?: boolean;
  /** Not subject to smoothing (reference lines, snapshots). */
  raw?: boolean;
  /** Hidden from the legend (a diagonal, a band edge). */
  noLegend?: boolean;
  /** A histogram drawn as steps filled down to zero. */
  histogram?: boolean;
}

export interface CardOptions {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  /** Curves over epochs are zoomable and decimated by x; scatters are strided. */
  kind: 'curve' | 'scatter';
  maxPoints: number;
  logYAllowed?: boolean;
  squareAspect?: boolean;
}

export interface AxisRanges { x: { min: number; max: number }; y: { min: number; max: number } }

export interface ExportRequest { chart: string; kind: 'png' | 'csv'; data: string }

export class ChartCard {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly subtitle: HTMLElement;
  private chart: Chart | undefined;
  private series: Series[] = [];
  private readonly hidden = new Set<string>();
  readonly zoom: XZoom;
  logY = false;
  smoothing = 0;
  /** Axis ranges shared with the same chart of other reports (a comparison); none by default. */
  private shared: AxisRanges | undefined;

  constructor(private readonly opt: CardOptions, private readonly onExport: (r: ExportRequest) => void) {
    this.canvas = el('canvas', { id: `chart-${opt.id}`, tabindex: 0, role: 'img', 'aria-label': `${opt.title} chart${opt.kind === 'curve' ? '; + and - zoom, arrows pan, 0 resets' : ''}` });
    this.legend = el('ul', { class: 'legend', 'aria-label': `${opt.title} series` });
    this.empty = el('p', { class: 'card-empty', text: 'No data yet.' });
    this.subtitle = el('span', { class: 'subtitle' });
    const btn = (label: string, title: string, fn: () => void) => {
      const b = el('button', { type: 'button', class: 'icon-button', title, 'aria-label': `${title} (${opt.title})`, text: label });
      b.addEventListener('click', fn);
      return b;
    };
    const tools = el('div', { class: 'card-tools' },
      opt.kind === 'curve' ? btn('⟲', 'Reset zoom', () => this.zoom.reset()) : null,
      btn('PNG', 'Export PNG', () => this.exportPng()),
      btn('CSV', 'Export CSV', () => this.exportCsv()));
    this.root = el('section', { class: `card${opt.squareAspect ? ' square' : ''}`, id: `card-${opt.id}`, 'data-chart': opt.id },
      el('header', {}, el('h3', { text: opt.title }), this.subtitle, tools),
      el('div', { class: 'canvas-box' }, this.canvas, this.empty),
      this.legend);
    this.zoom = new XZoom(() => this.chart, () => this.render());
    if (opt.kind === 'curve') this.zoom.attach(this.canvas);
  }

  setSubtitle(text: string): void { this.subtitle.textContent = text; }

  get id(): string { return this.opt.id; }

  /** The range of the data on the left y axis and x (error bars included), or undefined without data. */
  extent(): AxisRanges | undefined {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of this.series) {
      if ((s.axis ?? 'y') !== 'y') continue;
      for (const p of s.points) {
        if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
        const e = s.errorBars && p.e && Number.isFinite(p.e) ? p.e : 0;
        x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y - e); y1 = Math.max(y1, p.y + e);
      }
    }
    return x0 <= x1 && y0 <= y1 ? { x: { min: x0, max: x1 }, y: { min: y0, max: y1 } } : undefined;
  }

  /** Draws on these ranges (a zoom still narrows x); linear y axes only. */
  shareAxes(r: AxisRanges): void {
    this.shared = r;
    this.render();
  }

  setSeries(series: Series[]): void {
    this.series = series;
    this.render();
  }

  hasData(): boolean { return this.series.some((s) => s.points.length > 0); }

  /** Number of points currently handed to Chart.js (after decimation), for tests and diagnostics. */
  drawnPoints(): number {
    return this.chart ? this.chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0;
  }

  render(): void {
    const withData = this.series.filter((s) => s.points.length);
    this.empty.hidden = withData.length > 0;
    this.canvas.hidden = withData.length === 0;
    if (!withData.length) { this.renderLegend(); return; }
    const theme = themeColours();
    // A chart is created only once its canvas is in the document (Chart.js sizes from layout).
    if (!this.canvas.isConnected) { queueMicrotask(() => { if (this.canvas.isConnected) this.render(); }); return; }
    let xmin = Infinity, xmax = -Infinity;
    for (const s of withData) for (const p of s.points) { if (p.x < xmin) xmin = p.x; if (p.x > xmax) xmax = p.x; }
    this.zoom.extent = xmin <= xmax ? { min: xmin, max: xmax } : undefined;
    const r = this.zoom.range;
    // Series after smoothing, then the scale of each y axis from the values it would hold.
    const prepared = withData.map((s) => {
      let pts: SeriesPoint[] = s.points;
      if (this.smoothing > 0 && !s.raw && s.line !== false) pts = smooth(pts, this.smoothing);
      return { s, pts };
    });
    const wantLog = this.logY && !!this.opt.logYAllowed;
    const yScales: Record<'y' | 'y2', YScale> = { y: { kind: 'linear' }, y2: { kind: 'linear' } };
    for (const id of ['y', 'y2'] as const) {
      const ys = prepared.filter((p) => (p.s.axis ?? 'y') === id).flatMap((p) => p.pts.map((q) => q.y)).filter(Number.isFinite);
      if (!wantLog || !ys.length) continue;
      yScales[id] = ys.every((y) => y > 0) ? { kind: 'log' } : { kind: 'symlog', s: symlog(symlogThreshold(ys)) };
    }
    const datasets: ChartDataset<'line'>[] = prepared.map(({ s, pts: smoothed }) => {
      const colour = s.colour ?? colourFor(s.key, theme.series);
      const ys = yScales[s.axis ?? 'y'];
      let pts = smoothed;
      if (ys.kind === 'symlog') pts = pts.map((p) => ({ ...p, y: ys.s.forward(p.y) }));
      pts = this.opt.kind === 'curve' ? decimate(pts, this.opt.maxPoints, r?.min, r?.max) : stride(pts, this.opt.maxPoints);
      const fillIndex = s.fillTo ? withData.findIndex((o) => o.key === s.fillTo) : -1;
      return {
        label: s.label,
        data: pts as { x: number; y: number }[],
        yAxisID: s.axis ?? 'y',
        borderColor: colour,
        backgroundColor: fillIndex >= 0 || s.histogram ? withAlpha(colour, 0.25) : colour,
        borderDash: s.dashed ? [6, 4] : undefined,
        borderWidth: theme.highContrast ? 2.5 : 1.5,
        showLine: s.line !== false,
        pointRadius: s.pointRadius ?? (s.line === false ? 2 : 0),
        pointHoverRadius: 4,
        fill: fillIndex >= 0 ? fillIndex : s.histogram ? 'origin' : false,
        stepped: s.histogram ? 'middle' : false,
        hidden: this.hidden.has(s.key),
        parsing: false,
        normalized: true,
        spanGaps: true,
        errorBarColor: s.errorBars ? withAlpha(colour, 0.45) : undefined,
      } as ChartDataset<'line'>;
    });
    const axis = (title: string, ys: YScale) => {
      const base = {
        type: ys.kind === 'log' ? 'logarithmic' as const : 'linear' as const,
        title: { display: true, text: ys.kind === 'symlog' ? `${title} (symlog)` : title, color: theme.muted },
        ticks: {
          color: theme.muted, maxTicksLimit: 8, autoSkip: ys.kind !== 'log',
          callback: (v: number | string) => {
            const x = Number(v);
            return ys.kind === 'log' ? logTickLabel(x) : ys.kind === 'symlog' ? formatTick(ys.s.inverse(x)) : formatTick(x);
          },
        },
        grid: { color: theme.grid },
        border: { color: theme.grid },
      };
      if (ys.kind !== 'symlog') return base;
      const sl = ys.s;
      return {
        ...base,
        afterBuildTicks: (scale: { min: number; max: number; ticks: { value: number }[] }) => {
          scale.ticks = symlogTickValues(sl, sl.inverse(scale.min), sl.inverse(scale.max)).map((v) => ({ value: sl.forward(v) }));
        },
      };
    };
    const scales: Record<string, unknown> = {
      x: { ...axis(this.opt.xLabel, { kind: 'linear' }), min: r?.min ?? this.shared?.x.min, max: r?.max ?? this.shared?.x.max },
      y: { ...axis(this.opt.yLabel, yScales.y), ...(this.shared && yScales.y.kind === 'linear' ? { min: this.shared.y.min, max: this.shared.y.max } : {}) },
    };
    // A right axis only when a series is drawn on it (no "forces" axis on an energy-only run).
    const usesY2 = withData.some((s) => s.axis === 'y2');
    if (this.opt.y2Label && usesY2) scales.y2 = { ...axis(this.opt.y2Label, yScales.y2), position: 'right', grid: { drawOnChartArea: false } };
    // Tooltips give the value a point stands for (a symlog point is drawn transformed).
    const tooltipLabel = (ctx: { dataset: { label?: string; yAxisID?: string }; parsed: { y: number } }) => {
      const ys = yScales[(ctx.dataset.yAxisID ?? 'y') as 'y' | 'y2'] ?? { kind: 'linear' };
      const y = ys.kind === 'symlog' ? ys.s.inverse(ctx.parsed.y) : ctx.parsed.y;
      return `${ctx.dataset.label ?? ''}: ${formatTick(y)}`;
    };
    const options = {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false as const,
      normalized: true,
      color: theme.foreground,
      font: { family: theme.font },
      backgroundFill: theme.background,
      interaction: { mode: 'nearest' as const, intersect: false },
      plugins: { legend: { display: false }, tooltip: { enabled: true, callbacks: { label: tooltipLabel } } },
      scales,
    };
    if (!this.chart) {
      const Chart = registerCharts();
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options: options as never });
    } else {
      this.chart.data.datasets = datasets;
      this.chart.options = options as never;
      this.chart.update('none');
    }
    // The drawn x-range and point count, readable from the DOM (tests, diagnostics).
    this.root.dataset.xmin = String(this.chart.scales.x?.min);
    this.root.dataset.xmax = String(this.chart.scales.x?.max);
    this.root.dataset.points = String(this.drawnPoints());
    this.root.dataset.zoomed = String(!!this.zoom.range);
    this.root.dataset.logy = String(yScales.y.kind === 'log' && this.chart.scales.y?.type === 'logarithmic');
    this.root.dataset.yscale = yScales.y.kind;
    this.root.dataset.y2scale = usesY2 ? yScales.y2.kind : 'none';
    this.root.dataset.ymin = String(this.chart.scales.y?.min);
    this.root.dataset.ymax = String(this.chart.scales.y?.max);
    if (usesY2) { this.root.dataset.y2min = String(this.chart.scales.y2?.min); this.root.dataset.y2max = String(this.chart.scales.y2?.max); }
    this.root.dataset.yticks = (this.chart.scales.y?.ticks ?? []).map((t) => t.label).filter(Boolean).join('|');
    this.root.dataset.smoothing = String(this.smoothing);
    this.renderLegend();
  }

  private renderLegend(): void {
    clear(this.legend);
    const theme = themeColours();
    for (const s of this.series) {
      if (s.noLegend || !s.points.length) continue;
      const colour = s.colour ?? colourFor(s.key, theme.series);
      const on = !this.hidden.has(s.key);
      // CSSOM, not a style attribute: the CSP blocks inline style attributes.
      const swatch = el('span', { class: `swatch${s.dashed ? ' dashed' : ''}` });
      swatch.style.setProperty('--swatch', colour);
      const b = el('button', { type: 'button', class: 'legend-item', 'aria-pressed': String(on), 'data-series': s.key }, swatch, s.label);
      b.addEventListener('click', () => {
        if (this.hidden.has(s.key)) this.hidden.delete(s.key); else this.hidden.add(s.key);
        this.render();
      });
      this.legend.appendChild(el('li', {}, b));
    }
  }

  private exportPng(): void {
    if (!this.chart) return;
    this.onExport({ chart: this.opt.id, kind: 'png', data: this.chart.toBase64Image('image/png') });
  }

  private exportCsv(): void {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const rows = ['series,x,y,error'];
    for (const s of this.series) for (const p of s.points) rows.push(`${q(s.label)},${p.x},${p.y},${p.e ?? ''}`);
    this.onExport({ chart: this.opt.id, kind: 'csv', data: rows.join('\n') + '\n' });
  }

  destroy(): void { this.chart?.destroy(); this.chart = undefined; }
}
