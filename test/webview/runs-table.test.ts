/**
 * The runs table in headless Chromium (issue 17: runs as experiments): rows of the recorded runs, sorted
 * by a header button (click, Enter) and filtered by method, status and text; actions only where they
 * apply (no "Report" on a stopped run without one); arrow keys, Enter and Space on rows; "Compare
 * selected" for two runs with reports; the empty states.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEvent } from '../../src/protocol/events';
import type { UqReport } from '../../src/protocol/report';
import type { RunRow } from '../../src/protocol/runs-table';
import { parseEventsText } from '../../src/core/run-dir/read-run-dir';
import { summarize } from '../../src/core/run-dir/run-summary';
import { buildRunRow } from '../../src/core/report/run-rows';
import { startHarness, sendToPanel, posted, watchErrors, type Harness } from './harness';

const fixtures = join(__dirname, 'fixtures');
const artifacts = join(__dirname, '..', '..', 'test-artifacts', 'webview');
const events = (name: string): RunEvent[] => parseEventsText(readFileSync(join(fixtures, name), 'utf8')).events;
const report = (name: string): UqReport => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as UqReport;
const config = { data: { structures: ['data/tio2-1000-xsf.tar.gz'] } };
const at = (evs: RunEvent[], t: string): RunEvent[] => evs.map((e) => ({ ...e, t }));

const ensemble = events('ensemble.events.ndjson');
const bnn = events('bnn.events.ndjson');
const upTo = (evs: RunEvent[], epoch: number) => evs.slice(0, evs.findIndex((e) => e.type === 'epoch' && e.epoch === epoch) + 1);

// Five runs: two completed with reports (ensemble RMSE 145.3, LRT 120.7 meV/atom), one stopped with a
// checkpoint and no report, one running, one failed.
const rows: RunRow[] = [
  buildRunRow({ runDir: '/ws/runs/ens-fast', summary: summarize('ens-fast', at(ensemble, '2026-12-07T01:00:00Z')), active: false, resumable: false,
    reportFile: '/ws/runs/ens-fast/report.uqreport.json', report: report('tio2-ensemble-fast.uqreport.json'), config }),
  buildRunRow({ runDir: '/ws/runs/lrt-fast', summary: summarize('lrt-fast', at(bnn, '2026-12-07T02:00:00Z')), active: false, resumable: false,
    reportFile: '/ws/runs/lrt-fast/report.uqreport.json', report: report('tio2-lrt-fast.uqreport.json'), config }),
  buildRunRow({ runDir: '/ws/runs/ens-long', summary: summarize('ens-long', [...at(upTo(ensemble, 12), '2026-12-07T03:00:00Z'), { ...ensemble.at(-1)!, stopped: 'cancelled', report: '', summary: {} } as RunEvent]),
    active: false, resumable: true, config }),
  buildRunRow({ runDir: '/ws/runs/ens-live', summary: summarize('ens-live', at(upTo(ensemble, 4), '2026-12-07T04:00:00Z'), true), active: true, resumable: false, config }),
  buildRunRow({ runDir: '/ws/runs/broken', summary: summarize('broken', [...at(ensemble.slice(0, 1), '2026-12-06T00:00:00Z'), { v: 1, t: '2026-12-06T00:00:01Z', run: 'broken', type: 'failed', message: 'data file not found' } as RunEvent]),
    active: false, resumable: false }),
];

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function open(list: RunRow[] = rows): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 700 } });
  const errors = watchErrors(page);
  await page.goto(h.url('runs'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'runs', rows: list, workspace: true });
  await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  return { page, errors };
}

const names = (page: Page) => page.$$eval('.runs-table tbody tr', (r) => r.map((x) => x.getAttribute('data-name')));
const cells = (page: Page, key: string) => page.$$eval(`.runs-table tbody td[data-key="${key}"]`, (t) => t.map((x) => x.textContent));

test('rows show method, data, test metrics in meV and status; newest first; a header button sorts, again reverses, Enter too', async () => {
  const { page, errors } = await open();
  assert.deepEqual(await names(page), ['ens-live', 'ens-long', 'lrt-fast', 'ens-fast', 'broken']);
  assert.deepEqual(await cells(page, 'method'), ['ensemble ×10', 'ensemble ×10', 'BNN lrt', 'ensemble ×10', 'ensemble ×10']);
  assert.deepEqual(await cells(page, 'energyRmse'), ['–', '–', '120.7', '145.3', '–']);
  assert.equal(await page.textContent('.runs-table tbody tr[data-name="ens-fast"] td[data-key="data"]'), 'tio2-1000-xsf.tar.gz100 (80/10/10)');
  assert.equal(await page.textContent('.runs-table tbody tr[data-name="ens-fast"] td[data-key="mace"]'), '0.262');
  assert.equal(await page.getAttribute('.runs-table tbody tr[data-name="ens-fast"] td[data-key="mace"]', 'title'), 'test set, recalibrated σ');
  assert.deepEqual(await page.$$eval('.runs-table tbody td[data-key="status"] .pill', (t) => t.map((x) => x.textContent)), ['running', 'stopped', 'completed', 'completed', 'failed']);
  assert.equal(await page.textContent('tr[data-name="ens-long"] .status-detail'), 'stopped at epoch 12/30; resumable');
  assert.equal(await page.$$eval('th[data-key="forceRmse"]', (t) => t.length), 0, 'no run trained on forces: no force column');
  assert.equal(await page.getAttribute('th[data-key="startedAt"]', 'aria-sort'), 'descending');

  await page.click('th[data-key="energyRmse"] button');
  assert.deepEqual(await names(page), ['lrt-fast', 'ens-fast', 'ens-live', 'ens-long', 'broken'], 'lowest RMSE first, runs without one last');
  assert.equal(await page.getAttribute('th[data-key="energyRmse"]', 'aria-sort'), 'ascending');
  await page.click('th[data-key="energyRmse"] button');
  assert.deepEqual(await names(page), ['ens-fast', 'lrt-fast', 'ens-live', 'ens-long', 'broken']);
  assert.equal(await page.getAttribute('th[data-key="energyRmse"]', 'aria-sort'), 'descending');
  await page.click('th[data-key="mace"] button');
  assert.deepEqual((await names(page)).slice(0, 2), ['ens-fast', 'lrt-fast'], 'MACE 0.262 < 0.354 (recalibrated σ)');
  await page.focus('th[data-key="name"] button');
  await page.keyboard.press('Enter');
  assert.deepEqual(await names(page), ['broken', 'ens-fast', 'ens-live', 'ens-long', 'lrt-fast']);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('data-key')), 'name', 'focus stays on the header');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('th[data-key="name"]', 'aria-sort'), 'descending');
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'runs-table.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('filters by method, status and text narrow the rows and say how many; no match has its own empty state', async () => {
  const { page, errors } = await open();
  await page.selectOption('#filter-method', 'bnn');
  assert.deepEqual(await names(page), ['lrt-fast']);
  assert.equal(await page.textContent('#run-count'), '1 of 5 runs');
  await page.selectOption('#filter-method', '');
  await page.selectOption('#filter-status', 'completed');
  assert.deepEqual(await names(page), ['lrt-fast', 'ens-fast']);
  await page.selectOption('#filter-status', '');
  await page.fill('#filter-text', 'NOT FOUND');
  assert.deepEqual(await names(page), ['broken'], 'the failure message is searched, any case');
  await page.fill('#filter-text', 'ens resumable');
  assert.deepEqual(await names(page), ['ens-long']);
  await page.fill('#filter-text', 'qm7');
  assert.equal(await page.textContent('[data-state="empty"] h2'), 'No run matches the filter');
  // A refresh from the host (a live run's new epoch) keeps the filter and the typing focus.
  await page.fill('#filter-text', 'ens-');
  await sendToPanel(page, { type: 'runs', rows, workspace: true });
  assert.deepEqual(await names(page), ['ens-live', 'ens-long', 'ens-fast']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-text');
  assert.deepEqual(errors, []);
  await page.close();
});

test('row actions: Report only with a report, Resume only on the stopped run; keys move, open and select; Compare selected sends two runs', async () => {
  const { page, errors } = await open();
  const actions = await page.$$eval('.runs-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-name'), Array.from(tr.querySelectorAll('[data-action]')).map((b) => b.getAttribute('data-action')).join(',')]));
  assert.deepEqual(actions, [
    ['ens-live', 'dashboard'], ['ens-long', 'dashboard,resume'], ['lrt-fast', 'dashboard,report'], ['ens-fast', 'dashboard,report'], ['broken', 'dashboard'],
  ]);
  await page.click('tr[data-name="ens-long"] [data-action="resume"]');
  assert.deepEqual((await posted(page)).at(-1), { type: 'open', action: 'resume', runDir: '/ws/runs/ens-long' });

  assert.equal(await page.isDisabled('#compare'), true);
  // Keyboard: the first row is the tab stop; ↓ moves, Enter opens the dashboard, Space selects.
  assert.deepEqual(await page.$$eval('.runs-table tbody tr', (trs) => trs.map((t) => t.getAttribute('tabindex'))), ['0', '-1', '-1', '-1', '-1']);
  await page.focus('tr[data-name="ens-live"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.name), 'lrt-fast');
  await page.keyboard.press('Enter');
  assert.deepEqual((await posted(page)).at(-1), { type: 'open', action: 'dashboard', runDir: '/ws/runs/lrt-fast' });
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('tr[data-name="lrt-fast"]', 'aria-selected'), 'true');
  await page.click('tr[data-name="ens-long"] input[type="checkbox"]');
  assert.equal(await page.isDisabled('#compare'), true, 'the stopped run has no report to compare');
  assert.equal(await page.textContent('#compare'), 'Compare selected (1)');
  await page.focus('tr[data-name="lrt-fast"]');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.name), 'broken');
  await page.click('tr[data-name="ens-fast"] input[type="checkbox"]');
  assert.equal(await page.isDisabled('#compare'), false);
  await page.click('#compare');
  assert.deepEqual((await posted(page)).at(-1), { type: 'compare', runDirs: ['/ws/runs/lrt-fast', '/ws/runs/ens-fast'] });
  await page.click('tr[data-name="ens-fast"] [data-action="report"]');
  assert.deepEqual((await posted(page)).at(-1), { type: 'open', action: 'report', runDir: '/ws/runs/ens-fast' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('no runs: an empty state that says how to get one; the light theme draws the same table', async () => {
  const { page, errors } = await open([]);
  assert.equal(await page.textContent('[data-state="empty"] h2'), 'No runs yet');
  await page.close();
  const light = await h.browser.newPage({ viewport: { width: 1400, height: 500 } });
  await light.goto(h.url('runs', 'vscode-light'));
  await sendToPanel(light, { type: 'runs', rows, workspace: true });
  await light.waitForFunction(() => document.body.dataset.rendered === 'true');
  assert.equal(await light.$$eval('.runs-table tbody tr', (r) => r.length), 5);
  await light.screenshot({ path: join(artifacts, 'runs-table-light.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await light.close();
});
