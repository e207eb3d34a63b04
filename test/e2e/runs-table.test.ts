/**
 * The runs table in a real VS Code (code-server with the packaged .vsix): opened from the Runs view's title
 * button, it lists the workspace's runs with their method, data, test metrics and status; "Report" only
 * where a report is; two runs selected and compared open the comparison panel with both runs by name.
 * The runs are the recorded fast TiO2 runs (events and reports) plus a stopped run without a report,
 * placed in the workspace's runs folder, so nothing trains here. Screenshots: test-artifacts/e2e-runs-table/.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServerSession, REPO_ROOT } from '../helpers/code-server-session';

const fixtures = join(REPO_ROOT, 'test', 'webview', 'fixtures');
const CONFIG = { data: { structures: ['data/tio2-1000-xsf.tar.gz'] } };

const s = new CodeServerSession({
  name: 'e2e-runs-table',
  prepare(ws) {
    const runs = join(ws, 'runs');
    for (const [dir, events, report] of [['ens-fast', 'ensemble.events.ndjson', 'tio2-ensemble-fast.uqreport.json'], ['lrt-fast', 'bnn.events.ndjson', 'tio2-lrt-fast.uqreport.json']]) {
      mkdirSync(join(runs, dir), { recursive: true });
      copyFileSync(join(fixtures, events), join(runs, dir, 'events.ndjson'));
      copyFileSync(join(fixtures, report), join(runs, dir, 'report.uqreport.json'));
      writeFileSync(join(runs, dir, 'config.resolved.json'), JSON.stringify(CONFIG));
    }
    // Stopped at epoch 12 by the user: a checkpoint, no report.
    const lines = readFileSync(join(fixtures, 'ensemble.events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; epoch?: number });
    const cut = lines.slice(0, lines.findIndex((e) => e.type === 'epoch' && e.epoch === 12) + 1);
    const finished = { ...lines.at(-1)!, epochs: 12, stopped: 'cancelled', report: '', summary: {} };
    mkdirSync(join(runs, 'ens-stopped'), { recursive: true });
    writeFileSync(join(runs, 'ens-stopped', 'events.ndjson'), [...cut, finished].map((e) => JSON.stringify(e)).join('\n') + '\n');
    writeFileSync(join(runs, 'ens-stopped', 'checkpoint.json'), '{}');
  },
  // The view's title buttons are then drawn without hovering first.
  settings: { 'workbench.view.alwaysShowHeaderActions': true },
});

before(async () => { await s.start(); });
afterEach(async () => { await s.endOfStepShot(); });
after(async () => { await s.stop(); });

test('the Runs view\'s table button opens every run as a row; only runs with reports offer Report; two compared by name', async () => {
  await s.page.locator('.activitybar [aria-label*="MLIP Uncertainty"]').first().click();
  await s.page.locator('.part.sidebar .monaco-list-row', { hasText: 'ens-fast' }).first().waitFor({ timeout: 60_000 });
  await s.page.locator('.part.sidebar [aria-label="MLIP: Open runs table"]').first().click();
  const table = await s.webviewFrame('.runs-table tbody tr', 60_000);
  const rows = await table.$$eval('.runs-table tbody tr', (trs) => trs.map((tr) => ({
    name: tr.getAttribute('data-name'),
    status: tr.getAttribute('data-status'),
    method: tr.querySelector('[data-key="method"]')?.textContent,
    rmse: tr.querySelector('[data-key="energyRmse"]')?.textContent,
    data: tr.querySelector('[data-key="data"]')?.textContent,
    actions: [...tr.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action')).join(','),
  })));
  await s.shot('runs-table');
  const by = (n: string) => rows.find((r) => r.name === n);
  assert.equal(rows.length, 3, JSON.stringify(rows));
  assert.deepEqual(by('ens-fast'), { name: 'ens-fast', status: 'completed', method: 'ensemble ×10', rmse: '145.3', data: 'tio2-1000-xsf.tar.gz100 (80/10/10)', actions: 'dashboard,report' });
  assert.deepEqual(by('lrt-fast'), { name: 'lrt-fast', status: 'completed', method: 'BNN lrt', rmse: '120.7', data: 'tio2-1000-xsf.tar.gz100 (80/10/10)', actions: 'dashboard,report' });
  assert.deepEqual({ ...by('ens-stopped'), data: undefined }, { name: 'ens-stopped', status: 'stopped', method: 'ensemble ×10', rmse: '–', data: undefined, actions: 'dashboard,resume' });

  await table.click('.runs-table th[data-key="energyRmse"] button');
  assert.deepEqual(await table.$$eval('.runs-table tbody tr', (trs) => trs.map((t) => t.getAttribute('data-name'))), ['lrt-fast', 'ens-fast', 'ens-stopped']);
  await table.click('tr[data-name="ens-fast"] input[type="checkbox"]');
  await table.click('tr[data-name="lrt-fast"] input[type="checkbox"]');
  await table.click('#compare');
  const view = await s.webviewFrame('.compare-table', 60_000);
  const heads = await view.$$eval('.compare-table thead .run-name', (t) => t.map((x) => x.textContent));
  assert.deepEqual([...heads].sort(), ['ens-fast', 'lrt-fast']);
  await s.shot('compare-from-runs-table');
});
