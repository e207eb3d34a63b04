/**
 * The "Rank structures by uncertainty" panel in headless Chromium: largest σ first, re-sorted by a
 * header click or Enter, the OOD column's text, the empty state and the export message it posts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { rankRowsFromPredict } from '../../src/core/report/uncertainty-rank';
import { startHarness, sendToPanel, posted, watchErrors, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

const rows = rankRowsFromPredict({
  structures: [
    { name: 'a.xsf', atoms: 6, energyPerAtom: { sigma: 0.002 }, forces: { sigma: [0.01, 0.05] }, outOfDistribution: { flagged: false, sigmaRatio: 0.5, atoms: [] } },
    { name: 'b.xsf', atoms: 12, energyPerAtom: { sigma: 0.0128 }, forces: { sigma: [0.3] }, outOfDistribution: { flagged: true, sigmaRatio: 3.2, atoms: [{ index: 11, element: 'O', ratio: 4.1 }] } },
    { name: 'c.xsf', atoms: 3, energyPerAtom: { sigma: 0.006 }, forces: { sigma: [0.04] }, outOfDistribution: { flagged: false, sigmaRatio: 1.5, atoms: [] } },
  ],
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(h.url('rank'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}

const names = (page: Page) => page.$$eval('.rank-table tbody tr', (r) => r.map((x) => x.getAttribute('data-name')));

test('rows come largest σ per atom first, in meV, and a header click or Enter re-sorts them', async () => {
  const { page, errors } = await open();
  await sendToPanel(page, { type: 'rows', runId: 'run-1', pool: ['/pool'], rows, forces: true });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  assert.deepEqual(await names(page), ['b.xsf', 'c.xsf', 'a.xsf']);
  assert.equal(await page.textContent('.rank-table tbody tr:first-child td[data-key="sigmaEnergyPerAtom"]'), '12.80');
  assert.equal(await page.textContent('.rank-table tbody tr:first-child td[data-key="sigmaForceMax"]'), '300.0');
  assert.equal(await page.getAttribute('th[data-key="sigmaEnergyPerAtom"]', 'aria-sort'), 'descending');
  await page.click('th[data-key="sigmaForceMax"]');
  assert.deepEqual(await names(page), ['b.xsf', 'a.xsf', 'c.xsf']);
  await page.click('th[data-key="sigmaForceMax"]');
  assert.deepEqual(await names(page), ['c.xsf', 'a.xsf', 'b.xsf']);
  assert.equal(await page.getAttribute('th[data-key="sigmaForceMax"]', 'aria-sort'), 'ascending');
  await page.focus('th[data-key="atoms"]');
  await page.keyboard.press('Enter');
  assert.deepEqual(await names(page), ['b.xsf', 'a.xsf', 'c.xsf']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the out-of-distribution column says yes with the named atoms, or no', async () => {
  const { page } = await open();
  await sendToPanel(page, { type: 'rows', runId: 'run-1', pool: ['/pool'], rows, forces: true });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  const ood = await page.$$eval('.rank-table tbody td[data-key="ood"]', (t) => t.map((x) => x.textContent));
  assert.deepEqual(ood, ['yes: σ 3.2× the threshold; O12 (4.1×)', 'no', 'no']);
  await page.close();
});

test('without force σ the column is absent; an empty pool shows the empty state', async () => {
  const { page } = await open();
  await sendToPanel(page, { type: 'rows', runId: 'run-1', pool: ['/pool'], rows: rows.map((r) => ({ ...r, sigmaForceMax: null })), forces: false });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  assert.equal(await page.$('th[data-key="sigmaForceMax"]'), null);
  await sendToPanel(page, { type: 'rows', runId: 'run-1', pool: ['/empty'], rows: [], forces: false });
  await page.waitForSelector('[data-state="empty"]');
  assert.equal(await page.textContent('[data-state="empty"] h2'), 'No structures to rank');
  assert.equal(await page.$('.rank-table'), null);
  await page.close();
});

test('export posts the top K and a row posts its structure to open', async () => {
  const { page, errors } = await open();
  await sendToPanel(page, { type: 'rows', runId: 'run-1', pool: ['/pool'], rows, forces: true });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  assert.equal(await page.inputValue('#export-count'), '3');
  assert.match((await page.textContent('.export-note'))!, /top K by σ per atom/);
  await page.fill('#export-count', '2');
  await page.click('#export');
  await page.click('.rank-table tbody tr:first-child button');
  const sent = (await posted(page)).filter((m) => m.type !== 'ready');
  assert.deepEqual(sent, [{ type: 'exportTop', count: 2 }, { type: 'openStructure', name: 'b.xsf' }]);
  assert.deepEqual(errors, []);
  await page.close();
});
