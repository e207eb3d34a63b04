/**
 * Comparing reports in the viewer (headless Chromium): the better value of each row marked, a warning
 * when the test sets differ, and each chart drawn on the same axes across reports (issue 17).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UqReport } from '../../src/protocol/report';
import { startHarness, sendToPanel, watchErrors, type Harness } from './harness';

const load = (name: string): UqReport => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as UqReport;
let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function compare(a: UqReport, b: UqReport): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1600, height: 2000 } });
  const errors = watchErrors(page);
  await page.goto(h.url('report'));
  await sendToPanel(page, { type: 'reports', reports: [
    { ok: true, label: 'tio2-ensemble-fast-1', file: '/runs/tio2-ensemble-fast-1/report.uqreport.json', json: JSON.stringify(a) },
    { ok: true, label: 'tio2-lrt-fast-2', file: '/runs/tio2-lrt-fast-2/report.uqreport.json', json: JSON.stringify(b) },
  ] });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  return { page, errors };
}

test('the better value of each row is marked by the metric\'s direction (lower, higher, nearest 95 % for PICP)', async () => {
  const a = load('tio2-ensemble-fast.uqreport.json');
  const b = load('tio2-lrt-fast.uqreport.json');
  const { page, errors } = await compare(a, b);
  const rows = await page.$$eval('.compare-table tbody tr', (trs) => trs.map((r) => ({ head: r.children[0].textContent, best: Array.from(r.children).slice(1).map((c) => c.classList.contains('best')) })));
  const row = (head: string) => rows.find((r) => r.head === head)!.best;
  const ea = a.metrics.test!.energy!.raw.metrics, eb = b.metrics.test!.energy!.raw.metrics;
  assert.deepEqual(row('energy · raw · RMSE (meV/atom)'), [ea.rmse < eb.rmse, eb.rmse < ea.rmse]);
  assert.deepEqual(row('energy · raw · Spearman'), [ea.spearman! > eb.spearman!, eb.spearman! > ea.spearman!]);
  const near = (m: typeof ea) => Math.abs(m.picp95 - 0.95);
  assert.deepEqual(row('energy · raw · PICP 95 %'), near(ea) === near(eb) ? [false, false] : [near(ea) < near(eb), near(eb) < near(ea)]);
  assert.deepEqual(row('energy · raw · n'), [false, false], 'a count has no better value');
  const heads = await page.$$eval('.compare-table thead th .run-name', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(heads, ['tio2-ensemble-fast-1', 'tio2-lrt-fast-2'], 'columns named by run, not report.uqreport.json');
  assert.deepEqual(await page.$$eval('.compare-table thead th .run-method', (ths) => ths.map((t) => t.textContent)), ['Deep ensemble (10 members)', 'BNN (lrt)']);
  assert.deepEqual(await page.$$eval('.reports > .report > h1', (hs) => hs.map((x) => x.textContent)), ['tio2-ensemble-fast-1', 'tio2-lrt-fast-2'], 'each column of plots is headed by its run');
  const star = await page.$eval('.compare-table td.best', (td) => getComputedStyle(td, '::after').content);
  assert.match(star, /★/);
  assert.equal(await page.$$eval('.test-set-warning', (w) => w.length), 0, 'same test set: no warning');
  assert.deepEqual(errors, []);
  await page.close();
});

test('different test sets are said before the numbers; each chart shares its axes across reports', async () => {
  const a = load('tio2-ensemble-fast.uqreport.json');
  const b = load('tio2-lrt-fast.uqreport.json');
  b.producer.dataFingerprint = 'f'.repeat(64);
  b.producer.split.test = b.producer.split.test.slice(0, 4);
  const { page, errors } = await compare(a, b);
  const warning = await page.textContent('.test-set-warning') ?? '';
  assert.match(warning, /test sets differ: they come from different data \(tio2-ensemble-fast-1: 10 structures, data [0-9a-f]{8}; tio2-lrt-fast-2: 4 structures, data ffffffff\)/);
  const ranges = await page.$$eval('[data-chart="parity"]', (cards) => cards.map((c) => {
    const d = (c as HTMLElement).dataset;
    return [d.xmin, d.xmax, d.ymin, d.ymax];
  }));
  assert.equal(ranges.length, 2);
  assert.deepEqual(ranges[0], ranges[1], 'both parity plots on the same axes');
  const hist = await page.$$eval('[data-chart^="sigma"]', (cards) => cards.map((c) => [(c as HTMLElement).dataset.xmin, (c as HTMLElement).dataset.xmax]));
  if (hist.length === 2) assert.deepEqual(hist[0], hist[1]);
  // Every chart the two reports both draw, not only parity: the same x and y ranges side by side.
  const all = await page.$$eval('.reports > .report [data-chart]', (cards) => cards.map((c) => {
    const d = (c as HTMLElement).dataset;
    return { id: d.chart!, range: [d.xmin, d.xmax, d.ymin, d.ymax].join(' ') };
  }));
  const ids = [...new Set(all.map((c) => c.id))];
  assert.ok(ids.length >= 5, `charts drawn: ${ids.join(', ')}`);
  for (const id of ids) {
    const ranges = all.filter((c) => c.id === id).map((c) => c.range);
    assert.equal(ranges.length, 2, id);
    assert.equal(ranges[0], ranges[1], `${id} on shared axes`);
  }
  await page.screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'webview', 'report-compare-different-test-sets.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
