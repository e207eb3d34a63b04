/**
 * The report's figures: parity with ±σ bars, calibration with the miscalibration area shaded,
 * |error| vs σ (binned and scatter), the σ histogram and ordered intervals. Large prediction arrays
 * are strided to a bounded number of drawn points; statistics use every point.
 */
import type { QuantityName, SetName, UqEvaluation, UqReport } from '../../src/protocol/report';
import { ChartCard, type ExportRequest, type Series } from '../shared/chartCard';
import { stride } from '../shared/decimate';
import { fmt } from '../shared/dom';
import { histogram, type StructureRow } from './reportData';

const GREY = 'rgba(128,128,128,0.8)';
const MAX_SCATTER = 3000;
const MAX_INTERVALS = 400;

function card(id: string, title: string, x: string, y: string, onExport: (r: ExportRequest) => void, curve = false): ChartCard {
  return new ChartCard({ id, title, xLabel: x, yLabel: y, kind: curve ? 'curve' : 'scatter', maxPoints: MAX_SCATTER, squareAspect: !curve }, onExport);
}

export function parityCard(rows: StructureRow[], set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('parity', `Parity (${set})`, 'DFT energy (eV/atom)', 'predicted (eV/atom)', onExport);
  const pts = rows.filter((r) => r.set === set).map((r) => ({ x: r.energyTrue, y: r.energyPred, e: r.energyStd }));
  const shown = stride(pts, MAX_SCATTER);
  let lo = Infinity, hi = -Infinity;
  for (const p of pts) { lo = Math.min(lo, p.x, p.y); hi = Math.max(hi, p.x, p.y); }
  c.setSubtitle(`${pts.length} structures${shown.length < pts.length ? ` (${shown.length} drawn)` : ''} · bars ±σ`);
  c.setSeries(pts.length ? [
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
  c.setSubtitle(qm?.raw ? `MACE ${fmt(qm.raw.metrics?.mace, 3)}` : '');
  c.setSeries(qm?.raw ? series : []);
  return c;
}

export function errorVsSigmaCard(r: UqReport, rows: StructureRow[], set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('error-sigma', `|error| vs σ, energy (${set})`, 'σ (meV/atom)', '|error| (meV/atom)', onExport);
  const pts = rows.filter((x) => x.set === set).map((x) => ({ x: x.energyStd * 1000, y: x.absError * 1000 }));
  const bins = r.metrics?.[set]?.energy?.raw?.errorVsSigma ?? [];
  const binned = bins.map((b) => ({ x: b.rmsSigma * 1000, y: b.rmse * 1000 }));
  const all = pts.concat(binned);
  const hi = all.reduce((m, p) => Math.max(m, p.x, p.y), 0);
  c.setSeries(all.length ? [
    { key: 'ideal', label: 'RMSE = σ', points: [{ x: 0, y: 0 }, { x: hi, y: hi }], dashed: true, colour: GREY },
    { key: 'scatter', label: 'structures', points: stride(pts, MAX_SCATTER), line: false, pointRadius: 1.5 },
    { key: 'binned', label: 'binned RMSE vs RMS σ', points: binned, pointRadius: 3 },
  ] : []);
  return c;
}

export function sigmaHistogramCard(rows: StructureRow[], set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('sigma-histogram', `σ distribution, energy (${set})`, 'σ (meV/atom)', 'structures', onExport);
  const h = histogram(rows.filter((x) => x.set === set).map((x) => x.energyStd * 1000));
  c.setSeries(h.length ? [{ key: 'sigma', label: 'σ histogram', points: h, histogram: true }] : []);
  return c;
}

/** Structures ordered by their true energy, each with its 95 % interval (μ ± 1.96σ) and the truth. */
export function orderedIntervalsCard(rows: StructureRow[], set: SetName, onExport: (r: ExportRequest) => void): ChartCard {
  const c = card('ordered-intervals', `Ordered 95 % intervals (${set})`, 'structure (ordered by DFT energy)', 'energy (eV/atom)', onExport, true);
  const sorted = stride(rows.filter((x) => x.set === set).sort((a, b) => a.energyTrue - b.energyTrue), MAX_INTERVALS);
  const inside = sorted.filter((x) => Math.abs(x.energyPred - x.energyTrue) <= 1.96 * x.energyStd).length;
  c.setSubtitle(sorted.length ? `${((100 * inside) / sorted.length).toFixed(1)} % of drawn intervals hold the truth` : '');
  c.setSeries(sorted.length ? [
    { key: 'prediction', label: 'prediction ± 1.96σ', points: sorted.map((x, i) => ({ x: i, y: x.energyPred, e: 1.96 * x.energyStd })), line: false, errorBars: true, pointRadius: 1.5 },
    { key: 'truth', label: 'DFT', points: sorted.map((x, i) => ({ x: i, y: x.energyTrue })), raw: true },
  ] : []);
  return c;
}
