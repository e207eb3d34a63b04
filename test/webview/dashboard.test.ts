/**
 * The live dashboard in real headless Chromium, fed a recorded event stream through the harness
 * that mimics VS Code's webview host.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEvent } from '../../src/protocol/events';
import { startHarness, sendToPanel, posted, inkRatio, watchErrors, type Harness } from './harness';

const fixture = (name: string): RunEvent[] =>
  readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);

const artifacts = join(__dirname, '..', '..', 'test-artifacts', 'webview');
mkdirSync(artifacts, { recursive: true });

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function open(theme = 'vscode-dark'): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  await page.goto(h.url('dashboard', theme));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}

const init = (events: RunEvent[], live = false, maxPoints = 2000) =>
  ({ type: 'init', runId: events[0]?.run ?? 'r', runDir: '/runs/r', events, live, maxPoints });

async function rendered(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.body.dataset.rendered === String(n), count);
}

test('an ensemble stream draws every chart with its legend entries', async () => {
  const events = fixture('ensemble.events.ndjson');
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  const epochs = events.filter((e) => e.type === 'epoch');
  const last = epochs[epochs.length - 1];
  assert.equal(last.type, 'epoch');
  assert.equal(await page.textContent('#stat-epoch'), `${last.epoch} / ${last.epochs}`);
  for (const id of ['loss', 'members', 'rmse', 'lr', 'speed', 'calibration', 'parity']) {
    assert.equal(await page.$eval(`#card-${id}`, (e) => (e as HTMLElement).hidden), false, `${id} shown`);
    const ink = await inkRatio(page, `#chart-${id}`);
    assert.ok(ink > 0.005, `chart ${id} is not blank (ink ${ink})`);
  }
  assert.equal(await page.$eval('#card-elbo', (e) => (e as HTMLElement).hidden), true, 'no ELBO card for an ensemble');
  const legend = async (id: string) => page.$$eval(`#card-${id} .legend-item`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(await legend('loss'), ['train loss', 'validation loss']);
  const members = (events[0].type === 'started' && events[0].members) || 0;
  assert.equal((await legend('members')).length, 2 * members, 'train and validation curve per member');
  const forces = epochs.some((e) => e.type === 'epoch' && e.valForceRmse !== undefined);
  assert.deepEqual(await legend('rmse'), forces ? ['energy RMSE', 'force RMSE'] : ['energy RMSE']);
  const cal = events.filter((e) => e.type === 'calibration').at(-1)!;
  assert.equal(cal.type, 'calibration');
  assert.match(await page.textContent('#card-calibration .subtitle') ?? '', new RegExp(`epoch ${cal.epoch} .*MACE ${cal.mace.toFixed(3)}`));
  assert.equal(await page.$eval('#card-parity', (e) => Number((e as HTMLElement).dataset.points)), cal.parity!.y.length + 2);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(artifacts, 'dashboard-ensemble-dark.png'), fullPage: true });
  await page.close();
});

test('a BNN stream shows the data term and the KL term as separate series', async () => {
  const events = fixture('bnn.events.ndjson');
  const { page, errors } = await open('vscode-light');
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  assert.equal(await page.$eval('#card-elbo', (e) => (e as HTMLElement).hidden), false);
  assert.deepEqual(await page.$$eval('#card-elbo .legend-item', (els) => els.map((e) => e.textContent)), ['data term', 'KL term']);
  assert.ok(await inkRatio(page, '#chart-elbo') > 0.005);
  await page.screenshot({ path: join(artifacts, 'dashboard-bnn-light.png'), fullPage: true });
  assert.equal(await page.$eval('#card-members', (e) => (e as HTMLElement).hidden), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('zoom, log-y and smoothing chosen by the user survive live updates', async () => {
  const events = fixture('ensemble.events.ndjson');
  const cut = events.findIndex((e) => e.type === 'epoch' && e.epoch === 20);
  const { page } = await open();
  await sendToPanel(page, init(events.slice(0, cut), true));
  await rendered(page, cut);
  const box = (await page.$('#chart-loss'))!;
  const b = (await box.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5);
  await page.mouse.wheel(0, -300);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction(() => document.getElementById('card-loss')!.dataset.zoomed === 'true');
  const range = async () => page.$eval('#card-loss', (e) => [Number((e as HTMLElement).dataset.xmin), Number((e as HTMLElement).dataset.xmax)]);
  const zoomed = await range();
  assert.ok(zoomed[1] - zoomed[0] < 19 * 0.8, `zoomed in: ${zoomed}`);
  // Log-y and smoothing, chosen before the update, must survive it too.
  await page.check('#log-y');
  await page.fill('#smoothing', '0.6');
  await page.waitForFunction(() => document.getElementById('card-loss')!.dataset.logy === 'true' && document.getElementById('card-loss')!.dataset.smoothing === '0.6');
  await sendToPanel(page, { type: 'events', runId: 'r', events: events.slice(cut) });
  await rendered(page, events.length);
  assert.deepEqual(await range(), zoomed, 'range unchanged after new epochs arrived');
  assert.equal(await page.$eval('#card-loss', (e) => (e as HTMLElement).dataset.logy), 'true');
  assert.equal(await page.$eval('#card-loss', (e) => (e as HTMLElement).dataset.smoothing), '0.6');
  assert.equal((await page.evaluate(() => (window as unknown as { __state: { logY: boolean; smoothing: number } }).__state)).logY, true, 'kept with setState for reloads');
  // Keyboard: focus the chart and reset with "0".
  await page.focus('#chart-loss');
  await page.keyboard.press('0');
  await page.waitForFunction(() => document.getElementById('card-loss')!.dataset.zoomed === 'false');
  const last = events.filter((e) => e.type === 'epoch').at(-1)!;
  assert.equal((await range())[1] >= (last.type === 'epoch' ? last.epoch : 0), true, 'reset shows every epoch');
  await page.close();
});

test('a long run is decimated to the configured number of points per series', async () => {
  const events = fixture('ensemble.events.ndjson');
  const { page } = await open();
  // Built inside the page: shipping thousands of events through the automation protocol is the slow part.
  await page.evaluate((args: unknown[]) => {
    const [started, epoch] = args;
    const many: unknown[] = [started];
    for (let i = 1; i <= 5000; i++) many.push({ ...(epoch as object), epoch: i, epochs: 5000, trainLoss: 1 / i, valLoss: 1.1 / i });
    window.postMessage({ type: 'init', runId: 'r', runDir: '/runs/r', events: many, live: false, maxPoints: 600 }, '*');
  }, [events[0], events.find((e) => e.type === 'epoch')] as unknown[]);
  await rendered(page, 5001);
  const points = await page.$eval('#card-loss', (e) => Number((e as HTMLElement).dataset.points));
  assert.ok(points <= 2 * 601, `loss chart draws ${points} points for 2 × 5000`);
  assert.ok(points > 200, 'still a curve');
  await page.close();
});

test('a run without events shows the empty state; a host error shows the error state', async () => {
  const { page } = await open('vscode-high-contrast');
  await sendToPanel(page, init([], false));
  await page.waitForSelector('[data-state="empty"]');
  assert.match(await page.textContent('[data-state="empty"]') ?? '', /no epochs/i);
  await sendToPanel(page, { type: 'error', message: 'No run found in /runs/gone (events.ndjson is missing).' });
  await page.waitForSelector('[data-state="error"]');
  assert.match(await page.textContent('[data-state="error"]') ?? '', /events\.ndjson is missing/);
  await page.screenshot({ path: join(artifacts, 'dashboard-error-high-contrast.png') });
  await page.close();
});

test('a failed run shows its message; export asks the host to save a PNG', async () => {
  const events = fixture('bnn.events.ndjson').slice(0, 10);
  const failed = { v: 1, t: events[0].t, run: events[0].run, type: 'failed', message: 'loss diverged (NaN) at epoch 8', epoch: 8 } as RunEvent;
  const { page } = await open();
  await sendToPanel(page, init([...events, failed], false));
  await page.waitForSelector('.notices [data-state="error"]');
  assert.match(await page.textContent('.notices [data-state="error"]') ?? '', /diverged \(NaN\) at epoch 8/);
  assert.equal(await page.getAttribute('[data-status]', 'data-status'), 'failed');
  await page.click('#card-loss button[title="Export PNG"]');
  const msgs = await posted(page);
  const png = msgs.find((m) => m.type === 'exportPng');
  assert.ok(png && typeof png.dataUrl === 'string' && png.dataUrl.startsWith('data:image/png;base64,'));
  assert.equal(png.chart, 'loss');
  await page.click('#card-loss button[title="Export CSV"]');
  const csv = (await posted(page)).find((m) => m.type === 'exportCsv');
  assert.match(String(csv?.csv), /^series,x,y,error\n"train loss",1,/);
  await page.close();
});
