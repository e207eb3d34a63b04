/**
 * A report as one standalone HTML page: metric tables per set and quantity (raw and recalibrated),
 * parity, calibration, error-vs-σ and training-history plots as inline SVG, and what produced it. No
 * script and a CSP that forbids every fetch, so it can be mailed and opened offline; every string that
 * comes from the report is escaped.
 */
import { createHash } from 'node:crypto';
import { QUANTITY_NAMES, SET_NAMES, type QuantityName, type UqEvaluation, type UqReport } from '../../../protocol/report';
import { METRICS, quantityUnit, type MetricKey } from '../../uq/metric-catalogue';
import { formatMetric } from '../format-number';
import { metricText, setSmallSampleWarning } from '../metric-trust';
import { reportSigmaHealth } from '../sigma-health-section';
import { engineFacts } from '../engine-facts';
import { esc } from './escape';
import { svgChart, type Series } from './svg-chart';
import { recalibrationHtml } from './recalibration-html';
import { breakdownHtml } from './breakdown-html';

const STYLE = 'body{font:14px sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:12px}.facts td,.facts th{text-align:left;border:none;padding:1px 12px 1px 0}.warning{color:#8a6d00}.badge{display:inline-block;padding:1px 8px;border:1px solid currentColor;border-radius:10px;margin-right:6px}.collapsed{color:#c62828}.over-confident,.under-confident{color:#8a6d00}.healthy{color:#2e7d32}.unknown{color:#666}';
// The one inline style block, allowed by its hash: no 'unsafe-inline', and the page stays byte-for-byte reproducible.
const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** The metrics the page tabulates, labelled by the metric catalogue. */
const METRIC_ROWS: readonly MetricKey[] = [
  'count', 'rmse', 'mae', 'maxError', 'nll', 'nllNo2pi', 'crps', 'sharpness', 'mace', 'rmsce', 'miscalibrationArea',
  'ece10', 'spearman', 'pearson', 'r2AbsErrorOnSigma', 'topQuartileOverlapPercent', 'picp95', 'mpiw95',
];

/** The σ-health badge of each quantity (raw σ) and the small-n sentence of each set below 30 structures. */
function trustNotes(r: UqReport): string {
  const badges = reportSigmaHealth(r).map((h) => `<span class="badge ${h.state}" title="${esc(`${h.detail}; raw σ of the ${h.set} set${h.note ? `; ${h.note}` : ''}`)}">${esc(`${h.quantity} ${h.label}${h.scale !== undefined ? ` · scale ${formatMetric(h.scale)}` : ''}`)}</span>`);
  const small = SET_NAMES.flatMap((s) => {
    const text = setSmallSampleWarning(r, s);
    return text ? [`<p class="warning">⚠ ${esc(text)}</p>`] : [];
  });
  return `${badges.length ? `<p>${badges.join('')}</p>` : ''}${small.join('')}`;
}

function metricsTable(r: UqReport, q: QuantityName): string {
  const cols: { head: string; title: string; ev: UqEvaluation }[] = [];
  for (const s of SET_NAMES) {
    const qm = r.metrics[s]?.[q];
    if (!qm) continue;
    cols.push({ head: s, title: 'the model\'s raw σ, best epoch', ev: qm.raw });
    if (qm.recalibrated) cols.push({ head: `${s} (recal.)`, title: 'σ recalibrated on the validation set, best epoch', ev: qm.recalibrated });
  }
  if (!cols.length) return '';
  const head = `<tr><th>${esc(q)} (${quantityUnit(q)})</th>${cols.map((c) => `<th title="${esc(c.title)}">${esc(c.head)}</th>`).join('')}</tr>`;
  const rows = METRIC_ROWS.map((k) => `<tr><td title="${esc(METRICS[k].description)}">${esc(METRICS[k].label)}</td>${cols.map((c) => `<td>${metricText(c.ev, k)}</td>`).join('')}</tr>`);
  const scale = r.recalibration[q];
  const note = scale ? `<p>σ scale fitted on validation (${scale.count} values): ${formatMetric(scale.scale)}${scale.note ? ` — ${esc(scale.note)}` : ''}</p>` : '';
  const intervals = cols.some((c) => c.ev.intervals) ? '<p>In brackets: 95 % bootstrap intervals, from resamples of the set\'s structures.</p>' : '';
  return `<table>${head}${rows.join('')}</table>${intervals}${note}`;
}

function plots(r: UqReport, q: QuantityName): string {
  const set = SET_NAMES.slice().reverse().find((s) => r.metrics[s]?.[q]);
  if (!set) return '';
  const qm = r.metrics[set]![q]!;
  const unit = quantityUnit(q);
  const out: string[] = [];
  const cal: Series[] = [
    { label: 'ideal', color: '#888', x: [0, 1], y: [0, 1], kind: 'dashed' },
    { label: 'raw', color: '#1f77b4', x: qm.raw.curves.expected, y: qm.raw.curves.interval, kind: 'line' },
  ];
  if (qm.recalibrated) cal.push({ label: 'recalibrated', color: '#d62728', x: qm.recalibrated.curves.expected, y: qm.recalibrated.curves.interval, kind: 'line' });
  out.push(svgChart({ title: `${set} ${q}: calibration (interval)`, xLabel: 'expected proportion', yLabel: 'observed proportion', series: cal, xRange: [0, 1], yRange: [0, 1] }));
  const bins = qm.raw.errorVsSigma;
  if (bins.length) {
    const top = Math.max(...bins.map((b) => Math.max(b.rmsSigma, b.rmse)));
    out.push(svgChart({
      title: `${set} ${q}: error vs σ (10 σ bins)`, xLabel: `RMS σ in bin (${unit})`, yLabel: `${METRICS.rmse.label} in bin (${unit})`, square: true,
      series: [
        { label: 'ideal', color: '#888', x: [0, top], y: [0, top], kind: 'dashed' },
        { label: 'bins', color: '#2ca02c', x: bins.map((b) => b.rmsSigma), y: bins.map((b) => b.rmse), kind: 'points' },
      ],
    }));
  }
  const preds = r.predictions[set];
  if (q === 'energy' && preds?.structures.length) {
    const st = preds.structures.slice(0, 3000);
    out.push(svgChart({
      title: `${set} energy: parity (±σ)`, xLabel: `reference (${quantityUnit('energy')})`, yLabel: `predicted (${quantityUnit('energy')})`, square: true,
      series: [
        { label: 'y = x', color: '#888', x: [Math.min(...st.map((s) => s.energyTrue)), Math.max(...st.map((s) => s.energyTrue))], y: [Math.min(...st.map((s) => s.energyTrue)), Math.max(...st.map((s) => s.energyTrue))], kind: 'dashed' },
        { label: 'structures', color: '#1f77b4', x: st.map((s) => s.energyTrue), y: st.map((s) => s.energyPred), yErr: st.map((s) => s.energyStd), kind: 'points' },
      ],
    }));
  }
  return out.join('\n');
}

function historyPlot(r: UqReport): string {
  const ep = r.history.epochs;
  if (!ep.length) return '<p>No training history in this report.</p>';
  const x = ep.map((e) => e.epoch);
  const series: Series[] = [{ label: 'train loss', color: '#1f77b4', x, y: ep.map((e) => e.trainLoss), kind: 'line' }];
  if (ep.some((e) => e.klTerm > 0)) {
    series.push({ label: 'data term', color: '#ff7f0e', x, y: ep.map((e) => e.dataTerm), kind: 'line' });
    series.push({ label: 'KL term', color: '#9467bd', x, y: ep.map((e) => e.klTerm), kind: 'line' });
  }
  const val = ep.filter((e) => e.valEnergyRmse !== undefined);
  if (val.length) series.push({ label: `val. energy ${METRICS.rmse.label}`, color: '#d62728', x: val.map((e) => e.epoch), y: val.map((e) => e.valEnergyRmse!), kind: 'line' });
  const positive = series.every((s) => Array.from(s.y).every((v) => v > 0));
  return svgChart({ title: 'training history', xLabel: 'epoch', yLabel: positive ? 'value (log scale)' : 'value', series, logY: positive });
}

export function renderHtmlReport(r: UqReport): string {
  const m = r.method;
  const title = `${m.method}${m.estimator ? ` (${m.estimator})` : ''}${m.members ? `, ${m.members}${m.heteroscedastic ? ' heteroscedastic' : ''} members` : ''}${m.regime ? `, ${m.regime}` : ''}`;
  const p = r.producer;
  const facts: [string, string][] = [
    ['created', r.createdAt], ['tool', `${p.tool.name} ${p.tool.version}`], ['backend', `${p.backend.name}${p.backend.reason ? ` — ${p.backend.reason}` : ''}`],
    ...engineFacts(p.engines).map((f): [string, string] => [f.label, f.text]),
    ['config', `${p.configFile ?? ''} (hash ${p.configHash})`], ['data fingerprint', p.dataFingerprint],
    ['split', `train ${p.split.train.length}, validation ${p.split.validation.length}, test ${p.split.test.length}`],
    ['seeds', Object.entries(p.seeds).map(([k, v]) => `${k}=${v}`).join(', ')],
    ['wall time (s)', Object.entries(p.wallTimeSeconds).map(([k, v]) => `${k} ${formatMetric(v)}`).join(', ')],
    ['forces trained', String(m.trainForces)], ['samples', m.samples === undefined ? '—' : String(m.samples)],
  ];
  const sections = QUANTITY_NAMES.map((q) => {
    const table = metricsTable(r, q);
    return table ? `<h2>${esc(q)}</h2>${table}<div class="plots">${plots(r, q)}</div>` : '';
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src '${STYLE_HASH}'; img-src data:">
<title>MLIP UQ report: ${esc(title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>MLIP uncertainty report: ${esc(title)}</h1>
<table class="facts">${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v || '—')}</td></tr>`).join('')}</table>
${(r.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('')}
${trustNotes(r)}
${recalibrationHtml(r)}
${sections}
${breakdownHtml(r)}
<h2>training</h2>${historyPlot(r)}
<p>Best epoch: ${r.history.bestEpoch ?? '—'}; stopped: ${esc(r.history.stopped ?? '—')}. Energies per atom (eV/atom), forces per component (eV/Å). Metrics as defined in methods.md §6 (uncertainty-toolbox conventions).</p>
</body></html>
`;
}
