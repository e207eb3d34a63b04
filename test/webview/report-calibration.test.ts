/**
 * The report viewer shows σ recalibrated as the run fitted it on validation, says so (with the plain-words
 * warning when the scale was outside [0.5, 2]) and switches to the raw σ and back. The recorded LRT
 * report's validation scale is 74: its σ was 74× too small.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UqReport } from '../../src/protocol/report';
import { startHarness, sendToPanel, posted, watchErrors, type Harness } from './harness';

const file = join(__dirname, 'fixtures', 'tio2-lrt-fast.uqreport.json');
const report = JSON.parse(readFileSync(file, 'utf8')) as UqReport;

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function parityCsvSigmas(page: Page): Promise<number[]> {
  const before = (await posted(page)).filter((m) => m.type === 'exportCsv').length;
  await page.click('#card-parity button[title="Export CSV"]');
  const csv = String((await posted(page)).filter((m) => m.type === 'exportCsv')[before]?.csv);
  return csv.trim().split('\n').slice(1).filter((l) => l.startsWith('"test structures"')).map((l) => Number(l.split(',')[3]));
}

test('the viewer shows recalibrated σ by default with the warning, and raw σ after the switch', async () => {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 2000 } });
  const errors = watchErrors(page);
  await page.goto(h.url('report'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'lrt', file, json: JSON.stringify(report) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const scale = report.recalibration.energy!.scale;
  const raw = report.predictions.test!.structures.map((s) => s.energyStd);
  assert.equal(await page.getAttribute('.calibration-banner', 'data-sigma'), 'recalibrated');
  assert.equal(await page.textContent('.calibration-banner .calibration-warning'), '⚠ Energy σ is 74× too small on validation; recalibrated σ shown.');
  const shown = await parityCsvSigmas(page);
  assert.equal(shown.length, raw.length);
  shown.forEach((s, i) => assert.ok(Math.abs(s - raw[i] * scale) <= 1e-9 * raw[i] * scale, `${i}: ${s} vs ${raw[i]}×${scale}`));

  await page.click('#toggle-sigma');
  await page.waitForFunction(() => document.querySelector('.calibration-banner')?.getAttribute('data-sigma') === 'raw');
  assert.match(await page.textContent('.calibration-banner .calibration-warning') ?? '', /Energy σ is 74× too small on validation; raw σ shown/);
  (await parityCsvSigmas(page)).forEach((s, i) => assert.equal(s, raw[i]));
  await page.click('#toggle-sigma');
  await page.waitForFunction(() => document.querySelector('.calibration-banner')?.getAttribute('data-sigma') === 'recalibrated');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a report whose held-out folds kept raw σ shows σ as the model gives it, says why, labels the row and offers no switch', async () => {
  const kept = structuredClone(report);
  kept.recalibration = { energy: { ...report.recalibration.energy!, scale: 1.1, method: 'none', warning: undefined, heldOutMace: { none: 0.04, scale: 0.05, isotonic: 0.06, folds: 5 } } };
  for (const s of Object.values(kept.metrics)) if (s?.energy) s.energy.recalibrated = s.energy.raw;
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 2000 } });
  const errors = watchErrors(page);
  await page.goto(h.url('report'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'lrt', file, json: JSON.stringify(kept) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  assert.equal(await page.getAttribute('.calibration-banner', 'data-sigma'), 'raw');
  assert.equal(await page.textContent('.calibration-banner .info'), 'σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit.');
  assert.equal(await page.$('#toggle-sigma'), null);
  assert.equal(await page.textContent('table[data-quantity="energy"] tr[data-set="test"][data-variant="recalibrated"] th'), 'test · recalibrated = raw');
  const raw = kept.predictions.test!.structures.map((s) => s.energyStd);
  (await parityCsvSigmas(page)).forEach((s, i) => assert.equal(s, raw[i]));
  assert.deepEqual(errors, []);
  await page.close();
});
