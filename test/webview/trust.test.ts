/**
 * Numbers that say how far to trust them, in real Chromium: the report viewer's metric cells with their
 * bootstrap intervals, the small-n sentence, the σ-health badge; the dashboard's badge and MACE labelled by
 * where they come from (the latest snapshot while training, the best epoch's report numbers once finished).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEvent } from '../../src/protocol/events';
import type { UqReport } from '../../src/protocol/report';
import { buildReport } from '../../src/core/report/build-report';
import { startHarness, sendToPanel, watchErrors, type Harness } from './harness';

const fixtures = join(__dirname, 'fixtures');
const recorded = readFileSync(join(fixtures, 'ensemble.events.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function open(bundle: 'dashboard' | 'report'): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  await page.goto(h.url(bundle, 'vscode-dark'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}

/** The recorded fast-ensemble report rebuilt by today's buildReport, so it carries intervals. */
function rebuilt(): UqReport {
  const r = JSON.parse(readFileSync(join(fixtures, 'tio2-ensemble-fast.uqreport.json'), 'utf8')) as UqReport;
  return buildReport({
    producer: r.producer, method: r.method, history: r.history, createdAt: r.createdAt,
    predictions: Object.fromEntries(Object.entries(r.predictions).map(([s, p]) => [s, { structures: p!.structures }])),
  });
}

const milli = (x: number) => (x * 1000).toPrecision(4);

test('the report viewer shows RMSE, MAE, MACE and PICP with their intervals, n = 10 warnings and a σ-health badge per quantity', async () => {
  const r = rebuilt();
  const { page, errors } = await open('report');
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'report.uqreport.json', file: '/r/report.uqreport.json', json: JSON.stringify(r) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const raw = r.metrics.test!.energy!.raw;
  const row = 'table[data-quantity="energy"] tr[data-set="test"][data-variant="raw"]';
  // Columns: n, RMSE, MAE, max |e|, NLL, MACE, …, PICP 95 % (the 11th).
  const [lo, hi] = raw.intervals!.rmse!;
  assert.equal(await page.textContent(`${row} td:nth-of-type(2)`), `${milli(raw.metrics.rmse)} [${milli(lo)}, ${milli(hi)}]`);
  const mace = raw.intervals!.mace!;
  assert.equal(await page.textContent(`${row} td:nth-of-type(6)`), `${raw.metrics.mace.toPrecision(4)} [${mace[0].toPrecision(4)}, ${mace[1].toPrecision(4)}]`);
  assert.match((await page.textContent(`${row} td:nth-of-type(11)`))!, /^\d\.\d+ \[\d\.\d+, \d\.\d+\]$/);
  assert.match((await page.textContent(`${row} th`))!, /test · raw/);
  assert.match((await page.getAttribute(`${row} th`, 'title'))!, /raw σ, best epoch/);
  // 10 validation and 10 test structures: both warned, the 80 training structures not.
  const small = await page.$$eval('.small-sample', (els) => els.map((e) => `${(e as HTMLElement).dataset.set}: ${e.textContent}`));
  assert.deepEqual(small, [
    'validation: ⚠ n = 10: too few validation structures for these numbers to mean much',
    'test: ⚠ n = 10: too few test structures for these numbers to mean much',
  ]);
  const badge = await page.$eval('.sigma-health-row .sigma-health', (e) => ({ state: (e as HTMLElement).dataset.state, text: e.textContent, title: (e as HTMLElement).title }));
  // 10 validation values: the report fits no scale (fewer than 20), the badge fits one on them and says so.
  assert.equal(badge.state, 'under-confident');
  assert.match(badge.text!, /^energy σ under-confident · scale 0\.\d{3}$/);
  assert.match(badge.title, /σ is 2\.\d× too large on validation.*scale fitted for this badge on the 10 validation values \(the report: only 10 validation values/);
  await page.screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'webview', 'report-trust.png'), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a collapsed σ (the fast LRT example: scale 123) is badged collapsed in the report viewer', async () => {
  const r = rebuilt();
  r.recalibration.energy = { scale: 123, fittedOn: 'validation', count: 10, method: 'scale' };
  const { page, errors } = await open('report');
  await sendToPanel(page, { type: 'reports', reports: [{ ok: true, label: 'r', file: '/r/r.uqreport.json', json: JSON.stringify(r) }] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const badge = await page.$eval('.sigma-health-row .sigma-health', (e) => ({ state: (e as HTMLElement).dataset.state, text: e.textContent, colour: getComputedStyle(e).color }));
  assert.deepEqual({ state: badge.state, text: badge.text }, { state: 'collapsed', text: 'energy σ collapsed · scale 123' });
  assert.notEqual(badge.colour, 'rgb(0, 0, 0)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the dashboard badges the latest snapshot while training, then the best epoch\'s report numbers once finished, and labels its MACE by source', async () => {
  const lastCal = recorded.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'calibration' && e.quantity === 'energy').at(-1)!;
  const cal = lastCal[0] as Extract<RunEvent, { type: 'calibration' }>;
  const training = recorded.filter((e) => e.type !== 'finished').map((e, i) => (i === lastCal[1] ? { ...cal, sigmaScale: 4 } as RunEvent : e));
  const { page, errors } = await open('dashboard');
  await sendToPanel(page, { type: 'init', runId: 'r', runDir: '/runs/r', events: training, live: false, maxPoints: 2000 });
  await page.waitForFunction((n) => document.body.dataset.rendered === String(n), training.length);
  const state = () => page.$eval('.run-header .sigma-health', (e) => ({ state: (e as HTMLElement).dataset.state, text: e.textContent, hidden: (e as HTMLElement).hidden }));
  assert.deepEqual(await state(), { state: 'over-confident', text: 'energy σ over-confident · scale 4.00', hidden: false });
  const warning = () => page.textContent('.notices .calibration-warning[data-quantity="energy"]');
  assert.match((await warning())!, new RegExp(`σ is 4× too small on validation.*\\(epoch ${cal.epoch};`));
  const term = () => page.$eval('#stat-mace', (e) => e.previousElementSibling!.textContent);
  assert.equal(await term(), `MACE (E, epoch ${cal.epoch} snapshot)`);
  assert.equal(await page.textContent('#stat-mace'), cal.mace.toPrecision(3));
  // The run finishes: the summary holds the best epoch's validation numbers, as the report computes them.
  const finished = recorded.find((e) => e.type === 'finished') as Extract<RunEvent, { type: 'finished' }>;
  const summary = { ...finished.summary, validationEnergyMace: 0.172, validationEnergySigmaScale: 0.42, validationEnergyRmse: 0.1, validationEnergyRmsSigma: 0.2 };
  await sendToPanel(page, { type: 'events', events: [{ ...finished, summary }] });
  await page.waitForFunction((n) => document.body.dataset.rendered === String(n), training.length + 1);
  assert.deepEqual(await state(), { state: 'under-confident', text: 'energy σ under-confident · scale 0.420', hidden: false });
  assert.equal(await term(), `MACE (E, best epoch ${finished.bestEpoch})`);
  assert.equal(await page.textContent('#stat-mace'), '0.172');
  assert.match((await warning())!, new RegExp(`σ is 2\\.4× too large on validation.*\\(best epoch ${finished.bestEpoch};`), 'the warning follows the best epoch too');
  assert.match((await page.$eval('#stat-mace', (e) => (e.previousElementSibling as HTMLElement).title))!, /best epoch .*100 levels: the report's raw validation row/);
  await page.screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'webview', 'dashboard-sigma-health.png'), clip: { x: 0, y: 0, width: 1400, height: 300 } });
  assert.deepEqual(errors, []);
  await page.close();
});

test('side by side, each compared value shows its interval and each run under 30 test structures is named', async () => {
  const a = rebuilt();
  const b = JSON.parse(readFileSync(join(fixtures, 'tio2-lrt-fast.uqreport.json'), 'utf8')) as UqReport;
  const { page, errors } = await open('report');
  await sendToPanel(page, { type: 'reports', reports: [
    { ok: true, label: 'run-a', file: '/runs/run-a/report.uqreport.json', json: JSON.stringify(a) },
    { ok: true, label: 'run-b', file: '/runs/run-b/report.uqreport.json', json: JSON.stringify(b) },
  ] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const raw = a.metrics.test!.energy!.raw;
  const cells = await page.$$eval('.compare-table tr[data-quantity="energy"][data-variant="raw"][data-metric="rmse"] td', (els) => els.map((e) => e.textContent));
  assert.equal(cells[0], `${milli(raw.metrics.rmse)} [${milli(raw.intervals!.rmse![0])}, ${milli(raw.intervals!.rmse![1])}]`);
  assert.equal(cells[1], milli(b.metrics.test!.energy!.raw.metrics.rmse), 'a report written before intervals: the plain value');
  const few = await page.$$eval('.report-section .small-sample', (els) => els.map((e) => e.textContent));
  assert.ok(few.includes('⚠ run-a: n = 10: too few test structures for these numbers to mean much'), few.join(' / '));
  assert.ok(few.includes('⚠ run-b: n = 10: too few test structures for these numbers to mean much'));
  assert.deepEqual(errors, []);
  await page.close();
});
