/**
 * The report viewer names which engine trained the model and which predicted its sets, in the words of the
 * HTML export's facts rows (src/core/report/engine-facts.ts), in real Chromium; a report written before
 * engines were recorded shows no such line.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';
import { renderHtmlReport } from '../../src/core/report/html/html-report';
import { startHarness, sendToPanel, watchErrors, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

const recorded = (): UqReport => JSON.parse(readFileSync(join(__dirname, 'fixtures', 'tio2-ensemble-fast.uqreport.json'), 'utf8')) as UqReport;

async function show(r: UqReport): Promise<{ engines: string[]; errors: string[]; close: () => Promise<void> }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(h.url('report', 'vscode-dark'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'report.uqreport.json', file: '/r/report.uqreport.json', json: JSON.stringify(r) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const engines = await page.$$eval('.report .engines .engine', (els) => els.map((e) => e.textContent ?? ''));
  return { engines, errors, close: () => page.close() };
}

test('the viewer shows the training and prediction engines as the HTML export words them', async () => {
  const r = recorded();
  r.producer.engines = {
    training: { name: 'wasm-simd-kernels', reason: 'training steps on the wasm SIMD MLP kernels' },
    prediction: { name: 'tfjs-ops', reason: 'the kernels cannot run this model' },
  };
  const v = await show(r);
  assert.deepEqual(v.engines, [
    'training engine: wasm-simd-kernels — training steps on the wasm SIMD MLP kernels',
    'prediction engine: tfjs-ops — the kernels cannot run this model',
  ]);
  // The same words in the export's facts rows.
  const page = renderHtmlReport(r);
  assert.ok(page.includes('<tr><th>training engine</th><td>wasm-simd-kernels — training steps on the wasm SIMD MLP kernels</td></tr>'));
  assert.ok(page.includes('<tr><th>prediction engine</th><td>tfjs-ops — the kernels cannot run this model</td></tr>'));
  assert.deepEqual(v.errors, []);
  await v.close();
});

test('a report without recorded engines shows no engine line', async () => {
  const r = recorded();
  assert.equal(r.producer.engines, undefined);
  const v = await show(r);
  assert.deepEqual(v.engines, []);
  assert.deepEqual(v.errors, []);
  await v.close();
});
