/**
 * End to end in a real VS Code (code-server with the packaged .vsix, driven in Chromium), for what the
 * unit and webview tests cannot show: the Validate data lens clicked on a config, two reports compared,
 * a window reload rebuilding the dashboard (after a run, and during one, which trains on and is followed
 * live again), and a run stopped and resumed with the dashboard's buttons whose report then covers the
 * whole run. The configs are written here (4-member ensembles on 100 TiO2 structures: a few seconds of
 * training each), so a change to the shipped examples does not change what these tests time. Screenshots: test-artifacts/e2e-workflows/.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { CodeServerSession, REPO_ROOT, lastEpoch, readEvents } from '../helpers/code-server-session';
import { RUN_LOCK_FILE, processAlive, readLockHolder } from '../../src/core/run-dir/run-lock-file';

/** A 4-member deep ensemble on the first 100 TiO2 structures; early stopping never cuts it short. */
function ensembleConfig(epochs: number): string {
  return [
    'data:',
    '  structures: data/tio2-1000-xsf.tar.gz',
    '  format: xsf',
    '  units: eV',
    '  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }',
    '  split: { train: 0.8, validation: 0.1, test: 0.1, seed: 1 }',
    '  limit: 100',
    'descriptor: { radial_cutoff: 6.5, radial_order: 20, angular_cutoff: 5.0, angular_order: 6, env: [Ti, O] }',
    'network: { hidden: [15, 15], activation: tanh }',
    'method:',
    '  type: ensemble',
    '  ensemble: { members: 4, bootstrap: false }',
    'training:',
    '  learning_rate: 0.003',
    '  batch_size: 16',
    `  epochs: ${epochs}`,
    `  early_stopping: { patience: ${epochs}, min_delta: 0 }`,
    '  seed: 1',
    'evaluation: { calibration_every: 10 }',
    '',
  ].join('\n');
}

const COMPARED = ['ensemble-run', 'lrt-run'];

const s = new CodeServerSession({
  name: 'e2e-workflows',
  prepare(ws) {
    writeFileSync(join(ws, 'e2e-short.mlip.yaml'), ensembleConfig(30));
    writeFileSync(join(ws, 'e2e-resume.mlip.yaml'), ensembleConfig(600));
    writeFileSync(join(ws, 'e2e-long.mlip.yaml'), ensembleConfig(5000));
    // Two runs' reports, each named report.uqreport.json in its run's folder as the runner writes them.
    const fixtures = join(REPO_ROOT, 'test', 'webview', 'fixtures');
    for (const [dir, file] of [[COMPARED[0], 'tio2-ensemble-fast.uqreport.json'], [COMPARED[1], 'tio2-lrt-fast.uqreport.json']]) {
      mkdirSync(join(ws, 'compared', dir), { recursive: true });
      cpSync(join(fixtures, file), join(ws, 'compared', dir, 'report.uqreport.json'));
    }
  },
  // The terminal draws with the DOM renderer, so its text can be read.
  settings: { 'terminal.integrated.gpuAcceleration': 'off' },
});

before(async () => { await s.start(); });
afterEach(async () => { await s.endOfStepShot(); });
after(async () => { await s.stop(); });

const epochText = (f: Frame) => f.textContent('#stat-epoch');

/** Trains `config` from the palette and returns the dashboard and the new run's directory. */
async function train(config: string): Promise<{ dash: Frame; dir: string }> {
  const before = new Set(s.runDirs());
  await s.openFile(config);
  await s.palette('MLIP: Train (current config)');
  const dash = await s.webviewFrame('#stat-epoch', 60_000);
  const end = Date.now() + 30_000;
  let dir: string | undefined;
  while (!(dir = s.runDirs().find((d) => !before.has(d) && d.includes(config.replace('.mlip.yaml', ''))))) {
    if (Date.now() > end) throw new Error(`no run directory for ${config}`);
    await s.page.waitForTimeout(200);
  }
  return { dash, dir };
}

test('the Validate data lens on a config checks its data and says it is ready to train', async () => {
  await s.openFile('e2e-short.mlip.yaml');
  const lens = s.page.locator('.codelens-decoration a', { hasText: /^Validate data$/ }).first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  const rows = s.page.locator('.terminal-wrapper .xterm-rows').first();
  await rows.waitFor({ timeout: 30_000 });
  await s.page.waitForFunction(() => /data ready to train|problem|error/i.test(document.querySelector('.terminal-wrapper .xterm-rows')?.textContent ?? ''), undefined, { timeout: 60_000 });
  const text = (await rows.innerText()).replace(/\s+/g, ' ');
  await s.shot('validate-data-terminal');
  assert.doesNotMatch(text, /give one --setup per element/);
  assert.match(text, /e2e-short\.mlip\.yaml: 100 structures, 2168 atoms/, text);
  assert.match(text, /elements: O \(1422 atoms in 100 structures\), Ti \(746 atoms in 100 structures\)/, text);
  assert.match(text, /data ready to train/, text);
  await s.palette('Terminal: Kill All Terminals');
});

test('Compare reports on two opened reports shows both runs by name in one table', async () => {
  for (const dir of COMPARED) {
    await s.openFile(`compared/${dir}/report.uqreport.json`);
    await s.webviewFrame(`article.report[data-file*="${dir}"]`, 60_000);
  }
  await s.shot('two-reports-open');
  await s.palette('MLIP: Compare reports');
  // The picker lists the workspace's reports: pick the two runs' reports.
  const input = s.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('compared');
  for (const dir of COMPARED) {
    const row = s.page.locator('.quick-input-list .monaco-list-row', { hasText: dir }).first();
    await row.waitFor();
    await row.click();
  }
  await s.page.locator('.quick-input-widget', { hasText: /2 Selected/i }).waitFor({ timeout: 10_000 });
  await s.shot('compare-picker');
  await s.page.keyboard.press('Enter');
  const view = await s.webviewFrame('h1:has-text("Comparing")', 60_000);
  // The side-by-side table: the one whose header names both runs (found by content, not by class).
  const headsBoth = (names: string[]) => [...document.querySelectorAll('table')].find((t) => names.every((n) => t.rows[0]?.textContent?.includes(n)));
  await view.waitForFunction(headsBoth, COMPARED, { timeout: 30_000 });
  const table = await view.evaluate((names) => {
    const t = [...document.querySelectorAll('table')].find((x) => names.every((n) => x.rows[0]?.textContent?.includes(n)))!;
    return [...t.rows].map((tr) => [...tr.cells].map((c) => (c.textContent ?? '').trim()));
  }, COMPARED);
  await s.shot('compare-view');
  const [head, ...rows] = table;
  // One column per run, named by its run folder (the picker's order decides which is first).
  assert.equal(head.length, 3, head.join(' | '));
  const column = (run: string) => head.findIndex((h) => h.includes(run));
  assert.deepEqual(COMPARED.map(column).sort(), [1, 2], head.join(' | '));
  // The test set's raw energy RMSE of each report, in meV/atom (fixtures: 0.14526… and 0.12074… eV/atom).
  const rmse = rows.find((r) => /energy · raw · RMSE/.test(r[0]));
  assert.ok(rmse, rows.map((r) => r[0]).join(' | '));
  assert.match(rmse[column('ensemble-run')], /^145\.3\b/);
  assert.match(rmse[column('lrt-run')], /^120\.7\b/);
  assert.match(await view.textContent('h1') ?? '', /Comparing 2 reports/);
  await s.palette('View: Close All Editors');
});

test('a window reload after a run rebuilds its dashboard from the run\'s events', async () => {
  const { dash, dir } = await train('e2e-short.mlip.yaml');
  await dash.waitForSelector('[data-status="finished"]', { timeout: 180_000 });
  const shown = await epochText(dash);
  assert.equal(shown, '30 / 30');
  await s.shot('dashboard-before-reload');
  await s.reloadWindow();
  const again = await s.webviewFrame('[data-status="finished"]', 60_000);
  const events = readEvents(dir);
  // Every event of the file was folded into the rebuilt panel, nothing twice.
  await again.waitForFunction((n) => document.body.dataset.rendered === String(n), events.length, { timeout: 30_000 });
  assert.equal(await epochText(again), shown);
  assert.equal(await again.textContent('#stat-best'), String(events.at(-1)!.bestEpoch));
  assert.ok(await again.$eval('#chart-loss', (c) => (c as HTMLCanvasElement).width > 0));
  assert.equal(await again.isVisible('#open-report'), true, 'a finished run offers its report');
  await s.shot('dashboard-after-reload');
  await s.palette('View: Close All Editors');
});

test('the dashboard\'s Stop, clicked while epochs arrive, then its Resume, run to the end and the report covers the whole run', async () => {
  const { dash, dir } = await train('e2e-resume.mlip.yaml');
  await dash.waitForFunction(() => Number((document.getElementById('stat-epoch')?.textContent ?? '').split(' / ')[0]) >= 20, undefined, { timeout: 180_000 });
  await dash.click('#stop');
  await dash.waitForSelector('[data-status="stopped"]', { timeout: 120_000 });
  await s.shot('stopped-from-the-dashboard');
  const stoppedAt = lastEpoch(dir);
  assert.ok(stoppedAt < 600, `stopped at epoch ${stoppedAt}, before the end`);
  const firstPart = readEvents(dir).at(-1)!;
  assert.equal(firstPart.type, 'finished');
  assert.equal(firstPart.stopped, 'cancelled');
  assert.equal(await dash.isVisible('#open-report'), false, 'a stopped run has no report to open');

  await dash.click('#resume');
  await dash.waitForSelector('[data-status="running"], [data-status="finished"]', { timeout: 120_000 });
  await s.shot('resumed-from-the-dashboard');
  await dash.waitForSelector('[data-status="finished"]', { timeout: 240_000 });
  assert.equal(await epochText(dash), '600 / 600');
  await s.shot('resumed-run-finished');
  const events = readEvents(dir);
  const started = events.filter((e) => e.type === 'started');
  assert.equal(started.length, 2);
  assert.equal(started[1].resumedFromEpoch, stoppedAt);
  const finished = events.at(-1)!;
  assert.equal(finished.type, 'finished');
  assert.equal(finished.stopped, 'completed');
  assert.equal(finished.epochs, 600);

  // The report describes the whole run: every epoch once, the final best epoch, not "cancelled".
  await dash.click('#open-report');
  const report = await s.webviewFrame('table.metric-table', 60_000);
  const meta = (await report.textContent('article.report .meta')) ?? '';
  await s.shot('resumed-run-report');
  assert.match(meta, new RegExp(`\\b600 epochs \\(best ${finished.bestEpoch}\\)`), meta);
  const json = JSON.parse(readFileSync(join(dir, finished.report ?? 'report.uqreport.json'), 'utf8')) as { history: { epochs: unknown[]; bestEpoch: number; stopped: string } };
  assert.equal(json.history.epochs.length, 600);
  assert.equal(json.history.bestEpoch, finished.bestEpoch);
  assert.equal(json.history.stopped, 'completed');
  await s.palette('View: Close All Editors');
});

test('a window reload during a run leaves it training; the rebuilt dashboard follows it live and its Stop checkpoints it', async (t) => {
  const { dash, dir } = await train('e2e-long.mlip.yaml');
  await dash.waitForFunction(() => Number((document.getElementById('stat-epoch')?.textContent ?? '').split(' / ')[0]) >= 20, undefined, { timeout: 180_000 });
  const before = Number((await epochText(dash))!.split(' / ')[0]);
  const writer = readLockHolder(join(dir, RUN_LOCK_FILE)).pid;
  assert.ok(processAlive(writer), `the run.lock names the training process (${writer})`);
  // Runs outlive the editor now: one this test leaves behind would train on after code-server is gone.
  t.after(() => { if (processAlive(writer)) process.kill(writer, 'SIGKILL'); });
  await s.shot('live-dashboard-before-reload');
  // The run is detached from the extension host (its own session, no pipe to the host): the reload ends the
  // host, not the run, and the new host finds it by its lock and follows it again.
  await s.reloadWindow();
  const again = await s.webviewFrame('#stat-epoch', 60_000);
  await again.waitForSelector('[data-status="running"]', { timeout: 60_000 });
  assert.ok(processAlive(writer), 'the same process trains on after the reload');
  assert.equal(readLockHolder(join(dir, RUN_LOCK_FILE)).pid, writer);
  assert.ok(!readFileSync(join(dir, 'events.ndjson'), 'utf8').includes('"type":"finished"'), 'the run did not finish or stop at the reload');
  // Followed live: the epochs shown go on after those shown at the reload.
  const atReload = Number((await epochText(again))!.split(' / ')[0]);
  assert.ok(atReload >= before, `the rebuilt panel shows epoch ${atReload}, at least the ${before} shown before the reload`);
  await again.waitForFunction((n) => Number((document.getElementById('stat-epoch')?.textContent ?? '').split(' / ')[0]) > n + 5, atReload, { timeout: 120_000 });
  await s.shot('rebuilt-dashboard-following-after-reload');
  // Its Stop reaches the process through the lock's PID: a checkpoint, then a "cancelled" finish.
  await again.click('#stop');
  await again.waitForSelector('[data-status="stopped"]', { timeout: 120_000 });
  const events = readEvents(dir);
  assert.equal(events.at(-1)!.type, 'finished');
  assert.equal(events.at(-1)!.stopped, 'cancelled');
  assert.ok(events.some((e) => e.type === 'checkpoint'));
  const stoppedAt = lastEpoch(dir);
  assert.ok(stoppedAt > atReload + 5, `stopped at epoch ${stoppedAt}, after the ${atReload} shown at the reload`);
  assert.equal(events.filter((e) => e.type === 'started').length, 1, 'one run, never restarted');
  // The panel folded in every event of the file once (history at the reload, then the live tail) and shows the stop.
  await again.waitForFunction((n) => document.body.dataset.rendered === String(n), events.length, { timeout: 30_000 });
  assert.equal(await epochText(again), `${stoppedAt} / 5000`);
  assert.equal(await again.isVisible('#resume'), true, 'a stopped run offers Resume');
  const end = Date.now() + 30_000;
  while (processAlive(writer) && Date.now() < end) await s.page.waitForTimeout(200);
  assert.equal(processAlive(writer), false, 'the training process exited');
  await s.shot('stopped-after-reload');
});
