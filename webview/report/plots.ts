/**
 * The report's figures: parity with ±σ bars, calibration with the miscalibration area shaded,
 * |error| vs σ (binned and scatter), the σ histogram and ordered intervals. Large prediction arrays
 * are strided to a bounded number of drawn points; statistics use every point.
 */
import type { QuantityName, SetName, UqEvaluation, UqReport } from '../../src/protocol/report';
import { METRICS } from '../../src/core/uq/metric-catalogue';
import { ChartCard, type ExportRequest, type Series } from '../shared/chart-card';
import { fmt } from '../shared/dom';
import { decodeNumbers, histogram, indicesOf, sampleIndices, type StructureColumns } from './report-data';

const GREY = 'rgba(128,128,128,0.8)';
const MAX_SCATTER = 3000;
const MAX_INTERVALS = 400;

function card(id: string, title: string, x: string, y: string, onExport: (r: ExportRequest) => void, curve = false): ChartCard {
  return new ChartCard({ id, title, xLabel: x, yLabel: y, kind: curve ? 'curve' : 'scatter', maxPoints: MAX_SCATTER, squareAspect: !curve }, onExport);
}

export function parityCard(c0: StructureColumns, set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('parity', `Parity (${set})`, 'DFT energy (eV/atom)', 'predicted (eV/atom)', onExport);
  const idx = indicesOf(c0, set);
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k], a = c0.energyTrue[i], b = c0.energyPred[i];
    if (a < lo) lo = a; if (b < lo) lo = b; if (a > hi) hi = a; if (b > hi) hi = b;
  }
  const shown = Array.from(sampleIndices(idx, MAX_SCATTER), (i) => ({ x: c0.energyTrue[i], y: c0.energyPred[i], e: c0.energyStd[i] }));
  c.setSubtitle(`${idx.length} structures${shown.length < idx.length ? ` (${shown.length} drawn)` : ''} · bars ±σ`);
  c.setSeries(idx.length ? [
    { key: 'ideal', label: 'y = x', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, noLegend: true, colour: GREY },
    { key: set, label: `${set} structures`, points: shown, line: false, errorBars: true },
  ] : []);
  return c;
}

export function calibrationCard(r: UqReport, set: SetName, q: QuantityName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card(`calibration-${q}`, `Calibration, ${q} (${set})`, 'expected coverage', 'observed coverage', onExport);
  const qm = r.metrics?.[set]?.[q];
  const series: Series[] = [{ key: 'ideal', label: 'ideal', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true, noLegend: true, colour: GREY }];
  const curve = (ev: UqEvaluation | undefined) => ev?.curves?.expected?.map((x, i) => ({ x, y: ev.curves.interval[i] })) ?? [];
  if (qm?.raw) {
    // The diagonal sampled at the curve's x, so the shaded fill is exactly the miscalibration area.
    const raw = curve(qm.raw);
    series.push({ key: 'ideal-band', label: 'ideal', points: raw.map((p) => ({ x: p.x, y: p.x })), noLegend: true, colour: 'rgba(0,0,0,0)' });
    series.push({ key: 'raw', label: `raw (area ${fmt(qm.raw.metrics?.miscalibrationArea, 3)})`, points: raw, fillTo: 'ideal-band' });
  }
  if (qm?.recalibrated) series.push({ key: 'recalibrated', label: `recalibrated (area ${fmt(qm.recalibrated.metrics?.miscalibrationArea, 3)})`, points: curve(qm.recalibrated), dashed: true });
  c.setSubtitle(qm?.raw ? `${METRICS.mace.label} ${fmt(qm.raw.metrics?.mace, 3)}` : '');
  c.setSeries(qm?.raw ? series : []);
  return c;
}

export function errorVsSigmaCard(r: UqReport, c0: StructureColumns, set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('error-sigma', `|error| vs σ, energy (${set})`, 'σ (meV/atom)', '|error| (meV/atom)', onExport);
  const idx = indicesOf(c0, set);
  let hi = 0;
  for (let k = 0; k < idx.length; k++) { const i = idx[k]; hi = Math.max(hi, c0.energyStd[i] * 1000, c0.absError[i] * 1000); }
  const pts = Array.from(sampleIndices(idx, MAX_SCATTER), (i) => ({ x: c0.energyStd[i] * 1000, y: c0.absError[i] * 1000 }));
  const bins = r.metrics?.[set]?.energy?.raw?.errorVsSigma ?? [];
  const binned = bins.map((b) => ({ x: b.rmsSigma * 1000, y: b.rmse * 1000 }));
  for (const p of binned) hi = Math.max(hi, p.x, p.y);
  c.setSeries(pts.length || binned.length ? [
    { key: 'ideal', label: `${METRICS.rmse.label} = σ`, points: [{ x: 0, y: 0 }, { x: hi, y: hi }], dashed: true, colour: GREY },
    { key: 'scatter', label: 'structures', points: pts, line: false, pointRadius: 1.5 },
    { key: 'binned', label: `binned ${METRICS.rmse.label} vs RMS σ`, points: binned, pointRadius: 3 },
  ] : []);
  return c;
}

export function sigmaHistogramCard(c0: StructureColumns, set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('sigma-histogram', `σ distribution, energy (${set})`, 'σ (meV/atom)', 'structures', onExport);
  const h = histogram(c0.energyStd, indicesOf(c0, set)).map((p) => ({ x: p.x * 1000, y: p.y }));
  c.setSeries(h.length ? [{ key: 'sigma', label: 'σ histogram', points: h, histogram: true }] : []);
  return c;
}

/** Structures ordered by their true energy, each with its 95 % interval (μ ± 1.96σ) and the truth. */
export function orderedIntervalsCard(c0: StructureColumns, set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('ordered-intervals', `Ordered 95 % intervals (${set})`, 'structure (ordered by DFT energy)', 'energy (eV/atom)', onExport, true);
  // Sample first, then sort: the figure shows at most a few hundred intervals of any report.
  const sorted = Array.from(sampleIndices(indicesOf(c0, set), MAX_INTERVALS)).sort((a, b) => c0.energyTrue[a] - c0.energyTrue[b]);
  const inside = sorted.filter((i) => c0.absError[i] <= 1.96 * c0.energyStd[i]).length;
  c.setSubtitle(sorted.length ? `${((100 * inside) / sorted.length).toFixed(1)} % of drawn intervals hold the truth` : '');
  c.setSeries(sorted.length ? [
    { key: 'prediction', label: 'prediction ± 1.96σ', points: sorted.map((i, k) => ({ x: k, y: c0.energyPred[i], e: 1.96 * c0.energyStd[i] })), line: false, errorBars: true, pointRadius: 1.5 },
    { key: 'truth', label: 'DFT', points: sorted.map((i, k) => ({ x: k, y: c0.energyTrue[i] })), raw: true },
  ] : []);
  return c;
}

/** Force components: DFT vs predicted with ±σ, strided; decoded from the compact encoding if used. */
export function forceParityCard(r: UqReport, set: SetName, onExport: (r: ExportRequest) => void): ChartCard | undefined {
  const f = r.predictions?.[set]?.forces;
  if (!f) return undefined;
  const t = decodeNumbers(f.true), p = decodeNumbers(f.pred), s = decodeNumbers(f.std);
  const n = Math.min(t.length, p.length, s.length);
  const c = card('parity-forces', `Force components (${set})`, 'DFT force (eV/Å)', 'predicted (eV/Å)', onExport);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, t[i], p[i]); hi = Math.max(hi, t[i], p[i]); }
  const step = Math.max(1, n / MAX_SCATTER);
  const pts: { x: number; y: number; e: number }[] = [];
  for (let k = 0; k < n; k += step) { const i = Math.floor(k); pts.push({ x: t[i], y: p[i], e: s[i] }); }
  c.setSubtitle(`${n} components${pts.length < n ? ` (${pts.length} drawn)` : ''} · bars ±σ`);
  c.setSeries(n ? [
    { key: 'ideal', label: 'y = x', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, noLegend: true, colour: GREY },
    { key: `${set} forces`, label: 'force components', points: pts, line: false, errorBars: true, pointRadius: 1.5 },
  ] : []);
  return c;
}
