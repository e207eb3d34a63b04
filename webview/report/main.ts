/**
 * The report viewer: one report (custom editor), two or more side by side (comparison), or the
 * standalone HTML export (data embedded in the page). Each section renders on its own, so a report
 * missing a part still shows the rest, and an invalid report shows a clear error view.
 */
import type { ReportMessage, ReportPayload, ReportRequest } from '../../src/protocol/webview-messages';
import type { SetName, UqReport } from '../../src/protocol/report';
import { vscodeApi, inVsCode } from '../shared/vscode-api';
import { el, clear, stateView, fmt } from '../shared/dom';
import { onThemeChange } from '../shared/theme';
import type { ChartCard, ExportRequest } from '../shared/chart-card';
import { primarySet, structureColumns, titleOf } from './report-data';
import { metricsTables } from './metrics-table';
import { calibrationCard, errorVsSigmaCard, forceParityCard, orderedIntervalsCard, parityCard, sigmaHistogramCard } from './plots';
import { structuresTable } from './structures-table';
import { breakdownTables } from './breakdown-table';
import { calibrationBanner, viewedReport } from './calibration-warning';
import { sigmaHealthRow } from '../shared/sigma-health-badge';
import { reportSigmaHealth } from '../../src/core/report/sigma-health-section';
import { engineFacts } from '../../src/core/report/engine-facts';
import { comparison } from './compare';

const api = vscodeApi<unknown>();
const app = document.getElementById('app')!;
const post = (m: ReportRequest) => api.postMessage(m);
let cards: ChartCard[] = [];
let last: ReportPayload[] = [];

function download(r: ExportRequest): void {
  // Outside VS Code (the HTML export) a plain download link does the saving.
  const a = el('a', { href: r.kind === 'png' ? r.data : `data:text/csv;charset=utf-8,${encodeURIComponent(r.data)}`, download: `${r.chart}.${r.kind}` });
  a.click();
}

function section(title: string, build: () => HTMLElement | HTMLElement[]): HTMLElement {
  const s = el('section', { class: 'report-section' }, el('h2', { text: title }));
  try {
    const content = build();
    for (const c of Array.isArray(content) ? content : [content]) s.appendChild(c);
  } catch (e) {
    s.appendChild(stateView('error', `Cannot show ${title.toLowerCase()}`, e instanceof Error ? e.message : String(e)));
  }
  return s;
}

function grid(list: ChartCard[]): HTMLElement {
  cards.push(...list);
  const g = el('div', { class: 'grid' });
  for (const c of list) g.appendChild(c.root);
  return g;
}

type Invalid = Extract<ReportPayload, { ok: false }>;
interface Loaded { ok: true; label: string; file: string; report: UqReport }

function parse(p: ReportPayload): Loaded | Invalid {
  if (!p.ok) return p;
  try {
    return { ok: true, label: p.label, file: p.file, report: JSON.parse(p.json) as UqReport };
  } catch (e) {
    return { ok: false, label: p.label, file: p.file, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function renderReport(p: Loaded, compact: boolean): HTMLElement {
  const r = viewedReport(p.report);
  const rows = structureColumns(r);
  const set: SetName = primarySet(r) ?? 'test';
  const producer = r.producer;
  const root = el('article', { class: 'report', 'data-file': p.file });
  root.append(
    // Side by side the runs' names head the columns (every run's file is report.uqreport.json; two runs may share a method).
    el('h1', { text: compact ? p.label : titleOf(r, p.label) }),
    el('p', { class: 'meta', text: [
      compact ? titleOf(r, p.label) : p.label,
      producer?.backend?.name ? `backend ${producer.backend.name}` : '',
      producer?.tool ? `${producer.tool.name} ${producer.tool.version}` : '',
      r.createdAt ? `created ${r.createdAt}` : '',
      r.method?.trainForces ? 'trained on forces' : 'energy only',
      r.history?.epochs?.length ? `${r.history.epochs.length} epochs (best ${r.history.bestEpoch ?? '–'})` : '',
      producer?.wallTimeSeconds?.train !== undefined ? `training ${fmt(producer.wallTimeSeconds.train, 3)} s` : '',
    ].filter(Boolean).join(' · ') }),
  );
  // Which engine trained and which predicted (the HTML export's facts rows, worded by the same function).
  const engines = engineFacts(producer?.engines);
  if (engines.length) {
    root.appendChild(el('p', { class: 'meta engines' }, ...engines.flatMap((f, i) => [i ? ' · ' : '', el('span', { class: 'engine', text: `${f.label}: ${f.text}` })])));
  }
  if (!compact && inVsCode()) {
    const exp = el('button', { type: 'button', id: 'export-html', text: 'Export to HTML' });
    exp.addEventListener('click', () => post({ type: 'exportHtml' }));
    root.appendChild(el('div', { class: 'actions' }, exp));
  }
  for (const n of Array.isArray(r.notes) ? r.notes : []) root.appendChild(el('p', { class: 'info', text: String(n) }));
  root.append(calibrationBanner(p.report, () => render(last)) ?? '');
  // The health of the model's raw σ (not the recalibrated σ drawn below), one badge per quantity.
  root.append(sigmaHealthRow(reportSigmaHealth(p.report)) ?? '');
  const exporter = inVsCode()
    ? (x: ExportRequest) => post(x.kind === 'png' ? { type: 'exportPng', chart: x.chart, dataUrl: x.data } : { type: 'exportCsv', chart: x.chart, csv: x.data })
    : download;
  root.appendChild(section('Metrics', () => metricsTables(r)));
  if (r.breakdown) root.appendChild(section('Errors by element and group', () => breakdownTables(r)));
  root.appendChild(section('Accuracy and calibration', () => grid([
    parityCard(rows, set, exporter),
    calibrationCard(r, set, 'energy', exporter),
    ...(r.metrics?.[set]?.forces ? [calibrationCard(r, set, 'forces', exporter)] : []),
    ...[forceParityCard(r, set, exporter)].filter((x): x is ChartCard => !!x),
  ])));
  root.appendChild(section('Uncertainty vs error', () => grid([
    errorVsSigmaCard(r, rows, set, exporter),
    sigmaHistogramCard(rows, set, exporter),
    orderedIntervalsCard(rows, set, exporter),
  ])));
  if (!compact) {
    root.appendChild(section(`Structures (${rows.length})`, () => structuresTable(rows, (i) => post({ type: 'openStructure', file: rows.source[i] ?? '', name: rows.name[i] }))));
  }
  return root;
}

/** Gives the cards of one kind (same chart id) across reports the union of their data ranges. */
function shareAxes(list: ChartCard[]): void {
  const byId = new Map<string, ChartCard[]>();
  for (const c of list) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    const ext = group.map((c) => c.extent()).filter((e): e is NonNullable<typeof e> => !!e);
    if (!ext.length) continue;
    const shared = {
      x: { min: Math.min(...ext.map((e) => e.x.min)), max: Math.max(...ext.map((e) => e.x.max)) },
      y: { min: Math.min(...ext.map((e) => e.y.min)), max: Math.max(...ext.map((e) => e.y.max)) },
    };
    for (const c of group) c.shareAxes(shared);
  }
}

function renderInvalid(p: Invalid): HTMLElement {
  const where = [p.line !== undefined ? `line ${p.line}` : '', p.column !== undefined ? `column ${p.column}` : '', p.field ? `field "${p.field}"` : ''].filter(Boolean).join(', ');
  const v = stateView('error', `${p.label} is not a valid MLIP uncertainty report`, p.message);
  if (where) v.appendChild(el('p', { class: 'meta', text: `At ${where}.` }));
  v.appendChild(el('p', { class: 'meta', text: 'Use "Reopen Editor With… → Text Editor" to inspect the file.' }));
  return v;
}

function render(payloads: ReportPayload[]): void {
  const started = performance.now();
  const reports = payloads.map(parse);
  cards.forEach((c) => c.destroy());
  cards = [];
  clear(app);
  if (!reports.length) { app.appendChild(stateView('empty', 'No report to show')); return; }
  const valid = reports.filter((p): p is Loaded => p.ok);
  if (reports.length > 1) {
    app.appendChild(el('h1', { text: `Comparing ${reports.length} reports` }));
    if (valid.length > 1) {
      app.appendChild(section('Side by side', () => comparison(valid.map((p) => ({ label: p.label, title: titleOf(p.report, p.label), file: p.file, report: p.report })))));
    }
  }
  const box = el('div', { class: reports.length > 1 ? 'reports' : 'single' });
  for (const p of reports) box.appendChild(p.ok ? renderReport(p, reports.length > 1) : renderInvalid(p));
  app.appendChild(box);
  // Side by side, the same chart of each report is drawn on the same axes.
  if (reports.length > 1) shareAxes(cards);
  const built = performance.now();
  // Charts draw in a microtask once attached; "rendered" is set after them, with timings for diagnosis.
  queueMicrotask(() => queueMicrotask(() => {
    document.body.dataset.rendered = 'true';
    document.body.dataset.renderMs = `${Math.round(built - started)}+${Math.round(performance.now() - built)}`;
  }));
}

window.addEventListener('message', (ev: MessageEvent<ReportMessage>) => {
  if (ev.data?.type !== 'reports') return;
  last = ev.data.reports;
  render(last);
});
onThemeChange(() => render(last));

const embedded = document.getElementById('mlip-report-data');
if (embedded?.textContent) {
  const m = JSON.parse(embedded.textContent) as ReportMessage;
  last = m.reports;
  render(last);
} else {
  clear(app);
  app.appendChild(stateView('loading', 'Loading report…'));
  post({ type: 'ready' });
}
