/**
 * One chart in a card: title, canvas, an HTML legend (keyboard-toggleable series), reset-zoom and
 * PNG/CSV export buttons, and an empty state. Series are replaced wholesale on each update; zoom,
 * log-y, smoothing and hidden series are card state that survives those updates. Hovering shows a
 * tooltip (x, then each series' value with its unit); with the canvas focused, "," and "." (Home, End)
 * step the same tooltip through the points and a live region reads it out.
 */
import type { Chart, ChartDataset } from 'chart.js';
import { registerCharts } from './chart-setup';
import { decimate, stride, type Pt } from './decimate';
import { smooth } from './smooth';
import { XZoom } from './zoom';
import { el, clear } from './dom';
import { colourFor, withAlpha } from './palette';
import { themeColours } from './theme';
import { formatAxisTicks, formatTick } from './ticks';
import { symlog, symlogThreshold, symlogTickValues, type Symlog } from './symlog';

/** How a y axis is drawn: linear, log (every value > 0) or symlog (signed values asked for log y). */
type YScale = { kind: 'linear' } | { kind: 'log' } | { kind: 'symlog'; s: Symlog };

/** Log axes label only 1, 2 and 5 × 10^k: Chart.js places a tick at every integer multiple. */
function isLogLabelled(v: number): boolean {
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6);
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
  /** Unit of the values, shown in tooltips ("meV/atom"). */
  unit?: string;
  /** Hidden until shown from the legend or its group's toggle (an ensemble's individual members). */
  initiallyHidden?: boolean;
  /** Series shown and hidden together by the card's toggle for this group. */
  group?: string;
}

/** A button in the card's header that shows or hides every series of a group at once. */
export interface GroupToggle { group: string; label: string; title: string }

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
  /** Starts on a log axis until the user picks a scale: losses and errors (issue 17, "default log for losses"). */
  logYByDefault?: boolean;
  squareAspect?: boolean;
  toggles?: GroupToggle[];
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
  /** Keys seen before: a series marked initiallyHidden starts hidden once, then follows the user. */
  private readonly seen = new Set<string>();
  private readonly toggleButtons: { t: GroupToggle; b: HTMLButtonElement }[] = [];
  /** Spoken text of the keyboard tooltip. */
  private readonly live: HTMLElement;
  /** The x the keyboard tooltip stands on, if any. */
  private cursorX: number | undefined;
  /** y-axis scales of the last render, to read a symlog point back in tooltips. */
  private yScales: Record<'y' | 'y2', YScale> = { y: { kind: 'linear' }, y2: { kind: 'linear' } };
  readonly zoom: XZoom;
  logY = false;
  smoothing = 0;
  /** Axis ranges shared with the same chart of other reports (a comparison); none by default. */
  private shared: AxisRanges | undefined;

  constructor(private readonly opt: CardOptions, private readonly onExport: (r: ExportRequest) => void) {
    this.canvas = el('canvas', { id: `chart-${opt.id}`, tabindex: 0, role: 'img', 'aria-label': `${opt.title} chart; comma and period step through the points${opt.kind === 'curve' ? '; + and - zoom, arrows pan, 0 resets' : ''}` });
    this.live = el('p', { class: 'sr-only card-live', 'aria-live': 'polite' });
    this.legend = el('ul', { class: 'legend', 'aria-label': `${opt.title} series` });
    this.empty = el('p', { class: 'card-empty', text: 'No data yet.' });
    this.subtitle = el('span', { class: 'subtitle' });
    const btn = (label: string, title: string, fn: () => void) => {
      const b = el('button', { type: 'button', class: 'icon-button', title, 'aria-label': `${title} (${opt.title})`, text: label });
      b.addEventListener('click', fn);
      return b;
    };
    for (const t of opt.toggles ?? []) {
      const b = btn(t.label, t.title, () => this.setGroupShown(t.group, !this.groupShown(t.group)));
      b.id = `toggle-${opt.id}-${t.group}`;
      b.setAttribute('aria-pressed', 'false');
      this.toggleButtons.push({ t, b });
    }
    const tools = el('div', { class: 'card-tools' },
      ...this.toggleButtons.map((x) => x.b),
      opt.kind === 'curve' ? btn('⟲', 'Reset zoom', () => this.zoom.reset()) : null,
      btn('PNG', 'Export PNG', () => this.exportPng()),
      btn('CSV', 'Export CSV', () => this.exportCsv()));
    this.root = el('section', { class: `card${opt.squareAspect ? ' square' : ''}`, id: `card-${opt.id}`, 'data-chart': opt.id },
      el('header', {}, el('h3', { text: opt.title }), this.subtitle, tools),
      el('div', { class: 'canvas-box' }, this.canvas, this.empty),
      this.legend, this.live);
    this.zoom = new XZoom(() => this.chart, () => this.render());
    if (opt.kind === 'curve') this.zoom.attach(this.canvas);
    this.canvas.addEventListener('keydown', (ev) => this.onCursorKey(ev));
    this.canvas.addEventListener('blur', () => this.clearCursor());
  }

  setSubtitle(text: string): void { if (this.subtitle.textContent !== text) this.subtitle.textContent = text; }

  /** Axis titles that depend on the run (what the loss is); the next render draws them. */
  setAxisLabels(y: string, y2?: string): void {
    this.opt.yLabel = y;
    if (y2 !== undefined) this.opt.y2Label = y2;
  }

  /** Whether any series of the group is shown. */
  groupShown(group: string): boolean {
    return this.series.some((s) => s.group === group && s.points.length > 0 && !this.hidden.has(s.key));
  }

  setGroupShown(group: string, shown: boolean): void {
    for (const s of this.series) if (s.group === group) { if (shown) this.hidden.delete(s.key); else this.hidden.add(s.key); }
    this.render();
  }

  get id(): string { return this.opt.id; }

  /** Whether this card is drawn on a log y axis while the user has not chosen a scale. */
  get logYByDefault(): boolean { return !!this.opt.logYAllowed && !!this.opt.logYByDefault; }

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
    for (const s of series) {
      if (this.seen.has(s.key)) continue;
      this.seen.add(s.key);
      if (s.initiallyHidden) this.hidden.add(s.key);
    }
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
    this.yScales = yScales;
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
        unit: s.unit,
      } as ChartDataset<'line'>;
    });
    const axis = (title: string, ys: YScale) => {
      const base = {
        type: ys.kind === 'log' ? 'logarithmic' as const : 'linear' as const,
        title: { display: true, text: ys.kind === 'symlog' ? `${title} (symlog)` : title, color: theme.muted },
        ticks: { color: theme.muted, maxTicksLimit: 8, autoSkip: ys.kind !== 'log' },
        // Every label of the axis at once, in one style (formatAxisTicks); a symlog tick shows the value it stands for.
        afterTickToLabelConversion: (scale: { ticks: { value: number; label?: string | string[] }[] }) => {
          const values = scale.ticks.map((t) => (ys.kind === 'symlog' ? ys.s.inverse(t.value) : t.value));
          const keep = values.map((v) => ys.kind !== 'log' || isLogLabelled(v));
          const labels = formatAxisTicks(values.filter((_, i) => keep[i]));
          let k = 0;
          scale.ticks.forEach((t, i) => { t.label = keep[i] ? labels[k++] : ''; });
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
    // Tooltips: the x ("epoch 12"), then each series' value with its unit (a symlog point is read back).
    const tooltipTitle = (items: { parsed: { x: number } }[]) => (items.length ? this.xText(items[0].parsed.x) : '');
    const tooltipLabel = (ctx: { dataset: object; parsed: { y: number } }) => this.valueText(ctx.dataset, ctx.parsed.y);
    const options = {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false as const,
      normalized: true,
      color: theme.foreground,
      font: { family: theme.font },
      backgroundFill: theme.background,
      // Curves: every series at the epoch nearest the pointer (train beside validation); scatters: the nearest point.
      interaction: { mode: 'nearest' as const, axis: this.opt.kind === 'curve' ? 'x' as const : 'xy' as const, intersect: false },
      plugins: { legend: { display: false }, tooltip: { enabled: true, callbacks: { title: tooltipTitle, label: tooltipLabel } } },
      scales,
    };
    if (!this.chart) {
      const Chart = registerCharts();
      // The shown tooltip's text mirrored into the DOM (tests, diagnostics): Chart.js draws it on the canvas.
      const mirror = { id: 'mlipTooltipText', afterEvent: () => { this.root.dataset.tooltip = this.tooltipText(); } };
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options: options as never, plugins: [mirror] });
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
    this.root.dataset.drawn = datasets.filter((d) => !d.hidden).map((d) => d.label).join('|');
    this.root.dataset.ylabel = this.opt.yLabel;
    if (this.cursorX !== undefined) this.showCursor();
    this.renderLegend();
  }

  private xText(x: number): string {
    return `${this.opt.xLabel} ${formatTick(x)}`;
  }

  /** "validation loss: 0.0512" or "energy RMSE: 33.1 meV/atom", the value read back from a symlog axis. */
  private valueText(dataset: object, drawn: number): string {
    const d = dataset as { label?: string; yAxisID?: string; unit?: string };
    const ys = this.yScales[(d.yAxisID ?? 'y') as 'y' | 'y2'] ?? { kind: 'linear' };
    const y = ys.kind === 'symlog' ? ys.s.inverse(drawn) : drawn;
    return `${d.label ?? ''}: ${formatTick(y)}${d.unit ? ` ${d.unit}` : ''}`;
  }

  /** The tooltip Chart.js shows now, as lines of text ('' when none). */
  private tooltipText(): string {
    const c = this.chart;
    const active = c?.tooltip?.getActiveElements() ?? [];
    if (!c || !active.length) return '';
    const x = (c.data.datasets[active[0].datasetIndex].data[active[0].index] as { x: number }).x;
    return [this.xText(x), ...active.map((a) => this.valueText(c.data.datasets[a.datasetIndex], (c.data.datasets[a.datasetIndex].data[a.index] as { y: number }).y))].join('\n');
  }

  /** "," / "." step to the previous / next x that any shown series has a point at; Home, End: the ends; Escape hides. */
  private onCursorKey(ev: KeyboardEvent): void {
    const c = this.chart;
    if (!c) return;
    if (ev.key === 'Escape') { this.clearCursor(); return; }
    const dir = ev.key === ',' || ev.key === '<' ? -1 : ev.key === '.' || ev.key === '>' ? 1 : ev.key === 'Home' ? -2 : ev.key === 'End' ? 2 : 0;
    if (!dir) return;
    ev.preventDefault();
    const lo = c.scales.x.min, hi = c.scales.x.max;
    const xs = [...new Set(c.data.datasets.flatMap((d, i) => (c.isDatasetVisible(i) ? (d.data as { x: number }[]).map((p) => p.x) : [])))]
      .filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
    if (!xs.length) return;
    const cur = this.cursorX;
    let x: number;
    if (dir === -2 || (cur === undefined && dir === 1)) x = xs[0];
    else if (dir === 2 || cur === undefined) x = xs[xs.length - 1];
    else if (dir === 1) x = xs.find((v) => v > cur) ?? xs[xs.length - 1];
    else x = [...xs].reverse().find((v) => v < cur) ?? xs[0];
    this.cursorX = x;
    this.showCursor();
  }

  /** Activates, in every shown series, the point nearest the cursor's x, and speaks the tooltip. */
  private showCursor(): void {
    const c = this.chart, x = this.cursorX;
    if (!c || x === undefined) return;
    const active: { datasetIndex: number; index: number }[] = [];
    c.data.datasets.forEach((d, i) => {
      if (!c.isDatasetVisible(i)) return;
      const pts = d.data as { x: number; y: number }[];
      let best = -1;
      pts.forEach((p, j) => { if (Number.isFinite(p.y) && (best < 0 || Math.abs(p.x - x) < Math.abs(pts[best].x - x))) best = j; });
      if (best >= 0 && Math.abs(pts[best].x - x) <= Math.abs(x) * 1e-9 + 1e-12) active.push({ datasetIndex: i, index: best });
    });
    const meta = active.map((a) => c.getDatasetMeta(a.datasetIndex).data[a.index]).filter(Boolean);
    const px = c.scales.x.getPixelForValue(x);
    const py = meta.length ? meta.reduce((s, e) => s + e.y, 0) / meta.length : (c.chartArea.top + c.chartArea.bottom) / 2;
    c.setActiveElements(active);
    c.tooltip?.setActiveElements(active, { x: px, y: py });
    c.update('none');
    const text = this.tooltipText();
    this.root.dataset.tooltip = text;
    if (this.live.textContent !== text) this.live.textContent = text.replace(/\n/g, '; ');
  }

  private clearCursor(): void {
    if (this.cursorX === undefined) return;
    this.cursorX = undefined;
    const c = this.chart;
    if (c) { c.setActiveElements([]); c.tooltip?.setActiveElements([], { x: 0, y: 0 }); c.update('none'); }
    this.root.dataset.tooltip = '';
    this.live.textContent = '';
  }

  private renderLegend(): void {
    for (const { t, b } of this.toggleButtons) {
      const has = this.series.some((s) => s.group === t.group && s.points.length > 0);
      b.hidden = !has;
      b.setAttribute('aria-pressed', String(this.groupShown(t.group)));
    }
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
