/**
 * The report viewer in headless Chromium shows the report's breakdown: force errors per element and
 * errors per group, in meV, with the metric table's columns.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildReport } from '../../src/core/report/build-report';
import type { StructurePrediction } from '../../src/protocol/report';
import { startHarness, sendToPanel, watchErrors, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

const structures: StructurePrediction[] = [
  { name: 'a', atoms: 2, group: 'bulk', energyTrue: -8.0, energyPred: -8.01, energyStd: 0.02 },
  { name: 'b', atoms: 2, group: 'bulk', energyTrue: -8.2, energyPred: -8.17, energyStd: 0.02 },
  { name: 'c', atoms: 3, group: 'surface', energyTrue: -7.5, energyPred: -7.62, energyStd: 0.05 },
];
const elements = ['Ti', 'O', 'Ti', 'O', 'Ti', 'Ti', 'O'];
const errX = [0.1, -0.05, 0.3, 0.05, -0.2, 0.2, 0.4];
const report = buildReport({
  producer: { tool: { name: 't', version: '0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h', dataFingerprint: 'f', split: { train: [], validation: [], test: ['a', 'b', 'c'] }, seeds: {}, wallTimeSeconds: {} },
  method: { method: 'ensemble', members: 2, trainForces: true }, history: { epochs: [] }, createdAt: '2026-01-01T00:00:00Z',
  predictions: { test: { structures, forces: { true: elements.flatMap(() => [1, 2, 3]), pred: errX.flatMap((e) => [1 + e, 2, 3]), std: elements.flatMap(() => [0.2, 0.2, 0.2]), elements } } },
});

test('per element and per group tables show the breakdown in meV (O forces MAE 55.56 meV/Å, surface energy MAE 120 meV/atom)', async () => {
  const page: Page = await h.browser.newPage({ viewport: { width: 1400, height: 2000 } });
  const errors = watchErrors(page);
  await page.goto(h.url('report'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'breakdown.uqreport.json', file: '/tmp/breakdown.uqreport.json', json: JSON.stringify(report) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const rows = await page.$$eval('table[data-breakdown] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  const row = (label: string) => rows.find((r) => r[0] === label)!;
  // Columns: n, RMSE, MAE, …
  assert.deepEqual(row('O').slice(0, 4), ['O', '9', String(Number((1000 * Math.sqrt(0.165 / 9)).toPrecision(4))), '55.56']);
  assert.equal(row('surface (1 structures)')[3], '120.0'); // the viewer's 4 significant digits
  assert.deepEqual(await page.$$eval('table[data-breakdown]', (t) => t.map((x) => x.getAttribute('data-breakdown'))),
    ['test · force components per element', 'test · energy per atom per group', 'test · force components per group']);
  assert.deepEqual(errors, []);
  await page.close();
});
