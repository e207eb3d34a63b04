/**
 * End to end in a real VS Code: code-server (VS Code's own workbench and extension host, installed on
 * demand into .cache/code-server) with the packaged .vsix, driven by Playwright in Debian's Chromium.
 * One user session, in order: open the example workspace, see a broken config's diagnostic, train
 * the fast example to the end with the dashboard following the epochs, open the produced report in
 * the custom editor, then start a longer run, stop it and find a resumable checkpoint, resume it with the
 * dashboard's Resume button and stop it again with the dashboard's Stop button while epochs arrive.
 * Screenshots of each step go to test-artifacts/e2e/.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession, REPO_ROOT as repoRoot } from '../helpers/code-server-session';

/** A broken config beside the examples: a typo in the method's type. */
function addBrokenConfig(workspace: string): void {
  const fast = readFileSync(join(workspace, 'tio2-ensemble-fast.mlip.yaml'), 'utf8');
  writeFileSync(join(workspace, 'broken.mlip.yaml'), fast.replace(/type: ensemble/, 'type: ensembel'));
}

const session = new CodeServerSession({
  name: 'e2e',
  prepare: (workspace) => {
    addBrokenConfig(workspace);
    // What `npm start` does: a report named in MLIP_UQ_OPEN_REPORT opens in the viewer once the window is up.
    cpSync(join(repoRoot, 'test', 'webview', 'fixtures', 'tio2-ensemble-fast.uqreport.json'), join(workspace, 'startup.uqreport.json'));
  },
  env: (workspace) => ({ MLIP_UQ_OPEN_REPORT: join(workspace, 'startup.uqreport.json') }),
});

const shot = (name: string) => session.shot(name);
const palette = (command: string) => session.palette(command);
const openFile = (name: string) => session.openFile(name);
const webviewFrame = (selector: string, timeout?: number) => session.webviewFrame(selector, timeout);
const runDirs = () => session.runDirs();

let page: Page;
before(async () => { await session.start(); page = session.page; });

// What the user saw at the end of every step, kept even when the step failed.
afterEach(async () => { await session.endOfStepShot(); });

after(async () => { await session.stop(); });

test('the example workspace opens in VS Code with the extension installed', async () => {
  // session.start() went to the server's page and waited for the workbench.
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();
  await shot('workspace');
});

test('the report npm start names opens in the report viewer with the window', async () => {
  await page.locator('.tab:has-text("startup.uqreport.json")').first().waitFor({ timeout: 60_000 });
  const report = await webviewFrame('table.metric-table', 60_000);
  assert.match(await report.textContent('h1') ?? '', /Deep ensemble/);
  await shot('startup-report-open');
  await palette('View: Close All Editors');
  await page.locator('.tab:has-text("startup.uqreport.json")').first().waitFor({ state: 'detached' });
});

test('a broken config shows its diagnostic', async () => {
  await openFile('broken.mlip.yaml');
  await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.first().waitFor();
  const text = (await page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
  assert.match(text, /broken\.mlip\.yaml/);
  assert.match(text, /ensembel|type/i, text);
  await shot('broken-config-diagnostic');
});

test('Train on the fast example runs to the end with the dashboard showing epochs', async () => {
  await openFile('tio2-ensemble-fast.mlip.yaml');
  await palette('MLIP: Train (current config)');
  const dash = await webviewFrame('#stat-epoch', 60_000);
  await dash.waitForFunction(() => /^[1-9]\d* \/ \d+$/.test(document.getElementById('stat-epoch')?.textContent ?? ''), undefined, { timeout: 120_000 });
  // The status bar follows the active run (epoch and ETA) while it lasts.
  // (On the wasm kernels the fast example can finish within a second, taking the item with it.)
  const status = page.locator('.statusbar-item', { hasText: /MLIP .*(epoch \d+\/\d+|starting)/ }).first();
  const seen = await Promise.race([
    status.waitFor({ timeout: 30_000 }).then(() => 'status', () => 'none'),
    dash.waitForSelector('[data-status="finished"]', { timeout: 30_000 }).then(() => 'finished', () => 'none'),
  ]);
  assert.notEqual(seen, 'none', 'the status bar follows the run, or the run has finished');
  if (seen === 'status') assert.match(await status.innerText(), /epoch \d+\/30/);
  await shot('dashboard-training');
  await dash.waitForSelector('[data-status="finished"]', { timeout: 240_000 });
  const epochs = await dash.textContent('#stat-epoch');
  const dirs = runDirs();
  assert.equal(dirs.length, 1);
  const events = readFileSync(join(dirs[0], 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; epoch?: number; epochs?: number });
  const last = events.filter((e) => e.type === 'epoch').at(-1)!;
  assert.equal(epochs, `${last.epoch} / ${last.epochs}`, 'the dashboard shows the last epoch of events.ndjson');
  assert.equal(events.at(-1)!.type, 'finished');
  assert.ok(await dash.$eval('#chart-loss', (c) => (c as HTMLCanvasElement).width > 0));
  await shot('dashboard-finished');
  // The Runs view lists the run as done, with its method and backend.
  await page.locator('.activitybar [aria-label*="MLIP Uncertainty"]').first().click();
  const item = page.locator('.part.sidebar .monaco-list-row', { hasText: /tio2-ensemble-fast-/ }).first();
  await item.waitFor({ timeout: 30_000 });
  assert.match(await item.innerText(), /done · ensemble ×10 · (wasm|cpu|tensorflow)/);
  await shot('runs-view');
  await page.locator('.activitybar [aria-label*="Explorer"]').first().click();
});

test('the produced report opens in the custom editor', async () => {
  const dash = await webviewFrame('#open-report');
  await dash.click('#open-report');
  const report = await webviewFrame('table.metric-table', 60_000);
  const head = await report.textContent('h1');
  assert.match(head ?? '', /Deep ensemble \(10 members\)/);
  const reportFile = readdirSync(runDirs()[0]).find((n) => n.endsWith('.uqreport.json'));
  assert.ok(reportFile);
  await page.locator(`.tab.active:has-text("${reportFile}")`).first().waitFor();
  await shot('report-custom-editor');
});

test('Stop ends a run and leaves a resumable checkpoint', async () => {
  const before = new Set(runDirs());
  await openFile('tio2-ensemble.mlip.yaml');
  await palette('MLIP: Train (current config)');
  const dash = await webviewFrame('#stop', 60_000);
  await dash.waitForFunction(() => /^[1-9]\d* \/ \d+$/.test(document.getElementById('stat-epoch')?.textContent ?? ''), undefined, { timeout: 240_000 });
  await palette('MLIP: Stop run');
  await dash.waitForSelector('[data-status="stopped"]', { timeout: 120_000 });
  await shot('run-stopped');
  const dir = runDirs().find((d) => !before.has(d));
  assert.ok(dir, 'a new run directory');
  const names = readdirSync(dir);
  assert.ok(names.some((n) => n.startsWith('checkpoint')), `checkpoint left in ${names.join(', ')}`);
  const events = readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; stopped?: string });
  assert.equal(events.at(-1)!.type, 'finished');
  assert.equal(events.at(-1)!.stopped, 'cancelled');
});

test('the dashboard\'s Resume continues the stopped run, and its Stop button, clicked while epochs arrive, stops it again', async () => {
  const dash = await webviewFrame('#resume', 30_000);
  // The long run (the fast example's directory is the other one).
  const dir = runDirs().find((d) => !/tio2-ensemble-fast-/.test(d))!;
  const epochsOf = () => readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; epoch?: number; stopped?: string; resumedFromEpoch?: number });
  const stoppedAt = epochsOf().filter((e) => e.type === 'epoch').at(-1)!.epoch!;
  assert.equal(await dash.isVisible('#open-report'), false, 'a stopped run has no report to open');
  await dash.click('#resume');
  await dash.waitForSelector('[data-status="running"]', { timeout: 120_000 });
  await dash.waitForFunction((n) => Number((document.getElementById('stat-epoch')?.textContent ?? '').split(' / ')[0]) > n + 1, stoppedAt, { timeout: 240_000 });
  await shot('run-resumed');
  await dash.click('#stop');
  await dash.waitForSelector('[data-status="stopped"]', { timeout: 120_000 });
  await shot('run-resumed-and-stopped-from-the-dashboard');
  const events = epochsOf();
  const started = events.filter((e) => e.type === 'started');
  assert.equal(started.length, 2);
  assert.equal(started[1].resumedFromEpoch, stoppedAt);
  assert.equal(events.at(-1)!.type, 'finished');
  assert.equal(events.at(-1)!.stopped, 'cancelled');
});

test('Restricted Mode: the config is still validated, and Train starts nothing', async () => {
  await session.reopen({ trusted: false, prepare: addBrokenConfig });
  page = session.page;
  const workspace = session.workspace;
  const dontTrust = page.getByRole('button', { name: /No, I don't trust/i });
  try { await dontTrust.click({ timeout: 15_000 }); } catch { /* no prompt: already restricted */ }
  await openFile('broken.mlip.yaml');
  await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  await shot('restricted-mode-diagnostic');
  // Train is not offered in the palette, and the config's "Train" lens refuses.
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>MLIP: Train (current config)');
  await page.waitForTimeout(1000);
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  assert.equal(rows.some((r) => r.includes('MLIP: Train (current config)')), false, rows.join(' | '));
  await page.keyboard.press('Escape');
  const lens = page.locator('.codelens-decoration a', { hasText: /^Train$/ }).first();
  if (await lens.count()) {
    await lens.click();
    await page.locator('.notifications-toasts', { hasText: /Restricted Mode/ }).first().waitFor();
    await shot('restricted-mode-train-refused');
  }
  await page.waitForTimeout(2000);
  assert.equal(existsSync(join(workspace, 'runs')), false, 'no run directory was created');
});
