import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from '../../../src/core/report/html/html-report';
import { readReport } from '../../../src/core/report/read-report';
import { badness, displayValue, METRIC_KEYS, METRICS, quantityUnit, SIGMA_SCALE_LABEL } from '../../../src/core/uq/metric-catalogue';
import { compareTable, renderTable } from '../../../src/runner/commands/compare';
import { tableHeader } from '../../../src/runner/paper/paper-table';
import { METRIC_COLUMNS } from '../../../webview/report/metrics-table';

const root = join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'uq-report.schema.json'), 'utf8'));
const exampleFile = join(root, 'schemas', 'examples', 'report', 'valid.uqreport.json');
const LABELS = new Set(METRIC_KEYS.map((k) => METRICS[k].label));

test('every metric of the report schema has exactly one catalogue entry, with a label of its own', () => {
  assert.deepEqual(METRIC_KEYS, Object.keys(schema.definitions.metricSet.properties));
  for (const k of METRIC_KEYS) {
    const m = METRICS[k];
    assert.equal(m.key, k);
    assert.ok(m.label && m.description, k);
    assert.equal(m.better === 'target', m.target !== undefined, `${k}: a target exactly where better = 'target'`);
  }
  assert.equal(LABELS.size, METRIC_KEYS.length, 'no two metrics share a label');
  // The spelling methods.md §6 uses; "ECE10" had drifted into compare.
  assert.equal(METRICS.ece10.label, 'ECE₁₀');
  // The paper tabulates these four (methods.md §7), NLL without the 2π term.
  assert.deepEqual(METRIC_KEYS.filter((k) => METRICS[k].paperName), ['mae', 'rmse', 'nllNo2pi', 'mace']);
});

test('display scale and better direction: quantity values ×1000 in milli, PICP ranked by distance from 0.95', () => {
  assert.equal(displayValue(METRICS.rmse, 0.0123, 'milli'), 12.3);
  assert.equal(displayValue(METRICS.rmse, 0.0123, 'base'), 0.0123);
  assert.equal(displayValue(METRICS.mace, 0.044, 'milli'), 0.044);
  assert.equal(quantityUnit('energy', 'milli'), 'meV/atom');
  assert.equal(quantityUnit('forces'), 'eV/Å');
  assert.ok(Math.abs(badness(METRICS.picp95, 0.9)! - 0.05) < 1e-12);
  assert.ok(badness(METRICS.picp95, 0.97)! < badness(METRICS.picp95, 0.9)!);
  assert.equal(badness(METRICS.spearman, 0.4), -0.4);
  assert.equal(badness(METRICS.mpiw95, 0.1), undefined);
});

test('compare --markdown labels every row with the catalogue', () => {
  const report = readReport({ path: exampleFile });
  const md = renderTable(compareTable([{ file: 'a.uqreport.json', report }, { file: 'b.uqreport.json', report }], 'test', 'energy'), true);
  const lines = md.split('\n');
  assert.match(lines[0], new RegExp(`^\\| test energy \\(${quantityUnit('energy')}\\) \\|`));
  const labels = lines.slice(2).map((l) => l.split(' | ')[0].slice(2).replace(/\\\|/g, '|'));
  const allowed = new Set([...LABELS, SIGMA_SCALE_LABEL, ...[...LABELS].map((l) => `${l} recal.`)]);
  for (const l of labels) assert.ok(allowed.has(l), `row "${l}" is not a catalogue label`);
  for (const k of ['rmse', 'mace', 'ece10', 'spearman', 'picp95'] as const) assert.ok(labels.includes(METRICS[k].label), k);
});

test('the HTML report labels its metric rows with the catalogue', () => {
  const page = renderHtmlReport(readReport({ path: exampleFile }));
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const labels = [...page.matchAll(/<tr><td title="[^"]*">([^<]*)<\/td>/g)].map((m) => unescape(m[1]));
  assert.ok(labels.length >= 18, `${labels.length} metric rows`);
  for (const l of labels) assert.ok(LABELS.has(l), `row "${l}" is not a catalogue label`);
  assert.ok(labels.includes('ECE₁₀'));
});

test('the paper table and the report viewer take their column labels from the catalogue', () => {
  const header = tableHeader(true);
  for (const k of ['rmse', 'mae', 'nllNo2pi', 'mace'] as const) {
    assert.ok(header.includes(METRICS[k].label) && header.includes(`${METRICS[k].label} paper`), k);
  }
  for (const k of ['spearman', 'miscalibrationArea'] as const) {
    assert.ok(header.includes(METRICS[k].label) && !header.includes(`${METRICS[k].label} paper`), k);
  }
  assert.ok(header.includes(`force ${METRICS.rmse.label} (${quantityUnit('forces')})`));
  for (const c of METRIC_COLUMNS) assert.equal(c, METRICS[c.key]);
});

test('no metric view spells a catalogue label (or a drifted variant of one) in its own string', () => {
  const consumers = [
    'webview/report/metrics-table.ts', 'webview/report/plots.ts', 'webview/report/main.ts',
    'webview/dashboard/cards.ts', 'webview/dashboard/header.ts', 'webview/dashboard/main.ts',
    'src/core/report/html/html-report.ts', 'src/runner/commands/compare.ts', 'src/runner/paper/paper-table.ts',
    'src/runner/paper/paper-study-labels.ts', 'src/runner/paper/paper-study-table.ts',
  ];
  // "ECE10" ~ "ECE₁₀", "PICP 95%" ~ "PICP 95 %": compare without spaces or subscripts (case kept: 'rmse' is a key).
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  // Labels that are also plain words (n, sharpness) say nothing when found in code.
  const distinctive = new Set([...LABELS].filter((l) => /[A-Z₀-₉²|%]/.test(l)).map(norm));
  for (const file of consumers) {
    const code = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`/g)) {
      const s = m[1] ?? m[2] ?? m[3];
      assert.ok(!distinctive.has(norm(s)), `${file} spells the metric label "${s}" itself`);
    }
  }
});
