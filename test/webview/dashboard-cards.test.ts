/**
 * The dashboard's cards as issue 17 asked for them, in headless Chromium: train and validation of the
 * same quantity on one axis (other quantities on their own), the ensemble's members as a min–mean–max
 * band with each member on demand, tooltips with the epoch and the unit (hover and keyboard), a force
 * axis only with forces, and other runs overlaid on the same axes with a legend naming the runs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { EpochEvent, RunEvent } from '../../src/protocol/events';
import { formatTick } from '../../webview/shared/ticks';
import { startHarness, sendToPanel, posted, watchErrors, type Harness } from './harness';

const fixture = (name: string): RunEvent[] =>
  readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);
const artifacts = join(__dirname, '..', '..', 'test-artifacts', 'webview');
mkdirSync(artifacts, { recursive: true });

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

/** Opens the dashboard; `state` is what a reloaded window's getState returns. */
async function open(state?: unknown): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  if (state) {
    // The harness's API stub starts with no state: keep the preset through its first assignment.
    // A string, not a function: tsx's helpers in a serialised function are not defined in the page.
    await page.addInitScript({ content: `{ let v = ${JSON.stringify(state)};
      Object.defineProperty(window, '__state', { configurable: true, get: () => v, set: (n) => { if (n !== undefined) v = n; } }); }` });
  }
  await page.goto(h.url('dashboard'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}
const init = (events: RunEvent[], runDir = '/runs/h8-run1') => ({ type: 'init', runId: runDir.split('/').pop(), runDir, events, live: false, maxPoints: 2000 });
const rendered = (page: Page, n: number) => page.waitForFunction((k) => document.body.dataset.rendered === String(k), n);
const card = (page: Page, id: string) => page.$eval(`#card-${id}`, (e) => ({ ...(e as HTMLElement).dataset }));
const legend = (page: Page, id: string) => page.$$eval(`#card-${id} .legend-item`, (els) => els.map((e) => e.textContent));
const epochsOf = (events: RunEvent[]) => events.filter((e): e is EpochEvent => e.type === 'epoch');

test('an ensemble draws train and validation loss on one axis; a heteroscedastic NLL gets its own, symlog under log y', async () => {
  const events = fixture('ensemble.events.ndjson');
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  assert.deepEqual(await legend(page, 'loss'), ['train loss', 'validation loss']);
  let loss = await card(page, 'loss');
  assert.equal(loss.y2scale, 'none', 'the same normalised RMSE: one axis');
  assert.equal(loss.ylabel, 'loss: RMSE(E/N), normalised');
  const last = epochsOf(events).at(-1)!;
  assert.ok(Number(loss.ymax) >= Math.max(...epochsOf(events).map((e) => Math.max(e.trainLoss, e.valLoss))), 'both curves inside the one axis');

  // Heteroscedastic members train on a Gaussian NLL, which goes negative.
  const hetero = events.map((e) => (e.type === 'started' ? { ...e, heteroscedastic: true } : e.type === 'epoch' ? { ...e, trainLoss: 1.5 - 0.1 * e.epoch, dataTerm: 1.5 - 0.1 * e.epoch } : e)) as RunEvent[];
  await sendToPanel(page, init(hetero));
  // Losses start on a log axis now: pick linear first (check, then uncheck) to see the two axes plainly.
  await page.check('#log-y');
  await page.uncheck('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-loss')?.dataset.y2scale === 'linear');
  loss = await card(page, 'loss');
  assert.equal(loss.y2scale, 'linear', 'NLL and RMSE: two axes');
  assert.equal(loss.ylabel, 'train loss: Gaussian NLL per structure');
  await page.check('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-loss')?.dataset.yscale === 'symlog');
  loss = await card(page, 'loss');
  assert.equal(loss.y2scale, 'log', 'the validation RMSE is positive: plain log');
  assert.ok(loss.yticks!.split('|').some((t) => t.startsWith('-')), `negative NLL ticks: ${loss.yticks}`);
  assert.equal(last.epoch, 30);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the members card draws a min–max band with the mean, each member on demand, with values in the tooltip', async () => {
  const events = fixture('ensemble.events.ndjson');
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  let members = await card(page, 'members');
  assert.deepEqual(members.drawn!.split('|'), [
    "train loss, members' min", "train loss, members' max", "train loss, members' mean",
    "val energy RMSE, members' min", "val energy RMSE, members' max", "val energy RMSE, members' mean",
  ], 'band and mean only, members hidden');
  assert.equal(await page.getAttribute('#toggle-members-members', 'aria-pressed'), 'false');

  // The last epoch's band read through the keyboard tooltip: End on the focused chart.
  const last = epochsOf(events).at(-1)!;
  const train = last.members!.map((m) => m.trainLoss);
  const val = last.members!.map((m) => m.valEnergyRmse! * 1000);
  await page.focus('#chart-members');
  await page.keyboard.press('End');
  const lines = (await card(page, 'members')).tooltip!.split('\n');
  assert.equal(lines[0], `epoch ${last.epoch}`);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  for (const want of [
    `train loss, members' min: ${formatTick(Math.min(...train))}`, `train loss, members' max: ${formatTick(Math.max(...train))}`,
    `train loss, members' mean: ${formatTick(mean(train))}`,
    `val energy RMSE, members' min: ${formatTick(Math.min(...val))} meV/atom`, `val energy RMSE, members' max: ${formatTick(Math.max(...val))} meV/atom`,
    `val energy RMSE, members' mean: ${formatTick(mean(val))} meV/atom`,
  ]) assert.ok(lines.includes(want), `${want} in ${JSON.stringify(lines)}`);
  assert.match(await page.textContent('#card-members .card-live') ?? '', new RegExp(`^epoch ${last.epoch}; train loss, members' min: `));
  await page.keyboard.press(',');
  assert.equal((await card(page, 'members')).tooltip!.split('\n')[0], `epoch ${last.epoch - 1}`, '"," steps back one epoch');

  await page.click('#toggle-members-members');
  assert.equal(await page.getAttribute('#toggle-members-members', 'aria-pressed'), 'true');
  members = await card(page, 'members');
  const drawn = members.drawn!.split('|');
  for (let i = 1; i <= 10; i++) assert.ok(drawn.includes(`member ${i} train`) && drawn.includes(`member ${i} val E`), `member ${i} drawn`);
  await page.screenshot({ path: join(artifacts, 'dashboard-members-band.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('hovering a curve shows the epoch and every series there with its unit', async () => {
  const events = fixture('ensemble.events.ndjson');
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  const box = (await page.locator('#chart-rmse').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await page.waitForFunction(() => !!document.querySelector<HTMLElement>('#card-rmse')?.dataset.tooltip);
  const [title, line] = (await card(page, 'rmse')).tooltip!.split('\n');
  const epoch = Number(/^epoch (\d+)$/.exec(title)?.[1]);
  const at = epochsOf(events).find((e) => e.epoch === epoch)!;
  assert.ok(at, `tooltip title "${title}"`);
  assert.equal(line, `energy RMSE: ${formatTick(at.valEnergyRmse * 1000)} meV/atom`);

  const lb = (await page.locator('#chart-loss').boundingBox())!;
  await page.mouse.move(lb.x + lb.width * 0.5, lb.y + lb.height * 0.5);
  await page.waitForFunction(() => /validation loss/.test(document.querySelector<HTMLElement>('#card-loss')?.dataset.tooltip ?? ''));
  const loss = (await card(page, 'loss')).tooltip!.split('\n');
  assert.match(loss[0], /^epoch \d+$/);
  assert.deepEqual(loss.slice(1).map((l) => l.split(':')[0]), ['train loss', 'validation loss'], 'train beside validation at the same epoch');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a run with forces gets a force axis and a loss that says α; an energy-only run has neither', async () => {
  const events = fixture('ensemble.events.ndjson');
  const withForces = events.map((e) => (e.type === 'started' ? { ...e, trainForces: true }
    : e.type === 'epoch' ? { ...e, valForceRmse: 0.2 / e.epoch, members: e.members!.map((m) => ({ ...m, valForceRmse: 0.25 / e.epoch })) } : e)) as RunEvent[];
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  assert.deepEqual(await legend(page, 'rmse'), ['energy RMSE']);
  assert.equal((await card(page, 'rmse')).y2scale, 'none');
  await sendToPanel(page, init(withForces));
  // Errors start on a log axis: the force RMSE (positive) on a plain log one.
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-rmse')?.dataset.y2scale === 'log');
  assert.deepEqual(await legend(page, 'rmse'), ['energy RMSE', 'force RMSE']);
  assert.equal((await card(page, 'rmse')).y2scale, 'log');
  assert.equal((await card(page, 'loss')).ylabel, 'loss: (1−α)·RMSE(E/N) + α·RMSE(F), normalised');
  await page.focus('#chart-rmse');
  await page.keyboard.press('Home');
  assert.ok((await card(page, 'rmse')).tooltip!.split('\n').includes(`force RMSE: ${formatTick(0.2)} eV/Å`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('another run overlaid on the dashboard draws on the same axes in its own colour, named in the legend, and comes back after a reload', async () => {
  const ens = fixture('ensemble.events.ndjson');
  const bnn = fixture('bnn.events.ndjson');
  const { page, errors } = await open();
  await sendToPanel(page, init(ens));
  await rendered(page, ens.length);
  assert.equal(await page.isVisible('#run-legend'), false, 'one run: no run legend');
  await page.click('#add-overlay');
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'addOverlay'), [{ type: 'addOverlay' }], 'the host is asked for a run to pick');

  await sendToPanel(page, { type: 'overlay', runId: 'h8-run2', runDir: '/runs/h8-run2', events: bnn, reset: true });
  await page.waitForFunction(() => document.querySelectorAll('#run-legend li').length === 2);
  assert.deepEqual(await page.$$eval('#run-legend li', (els) => els.map((e) => (e as HTMLElement).dataset.run)), ['h8-run1', 'h8-run2']);
  const colours = await page.$$eval('#run-legend .swatch', (els) => els.map((e) => (e as HTMLElement).style.getPropertyValue('--swatch')));
  assert.notEqual(colours[0], colours[1], 'each run its colour');
  assert.deepEqual(await legend(page, 'rmse'), ['h8-run1 · energy RMSE', 'h8-run2 · energy RMSE']);
  const rmseColours = await page.$$eval('#card-rmse .legend-item .swatch', (els) => els.map((e) => (e as HTMLElement).style.getPropertyValue('--swatch')));
  assert.deepEqual(rmseColours, colours, 'a series takes its run\'s colour');
  assert.deepEqual(await legend(page, 'loss'), ['h8-run1 · train loss', 'h8-run1 · validation loss', 'h8-run2 · validation loss'],
    'the BNN objective is another quantity than the ensemble\'s train RMSE: not on its axis');
  assert.match((await card(page, 'loss')).drawn ?? '', /h8-run2 · validation loss/);
  assert.equal(await page.$eval('#card-elbo', (e) => (e as HTMLElement).hidden), false, 'the overlaid BNN brings its ELBO card');
  assert.deepEqual(await legend(page, 'elbo'), ['h8-run2 · data term', 'h8-run2 · KL term']);
  const rmse = await card(page, 'rmse');
  const maxE = Math.max(...epochsOf(ens).concat(epochsOf(bnn)).map((e) => e.valEnergyRmse * 1000));
  assert.ok(Number(rmse.ymax) >= maxE, `one energy axis holds both runs (${rmse.ymax} ≥ ${maxE})`);
  assert.deepEqual((await page.evaluate(() => (window as unknown as { __state: { overlays: string[] } }).__state)).overlays, ['/runs/h8-run2']);
  await page.screenshot({ path: join(artifacts, 'dashboard-overlay.png'), fullPage: true });

  // Live events of the overlaid run extend its curves.
  const extra = { ...epochsOf(bnn).at(-1)!, epoch: 41, epochs: 41, valEnergyRmse: 0.03 };
  await sendToPanel(page, { type: 'overlay', runId: 'h8-run2', runDir: '/runs/h8-run2', events: [extra], reset: false });
  await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('#card-rmse')?.dataset.points) === n + 1, Number(rmse.points));

  await page.click('#run-legend li[data-run="h8-run2"] button');
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'removeOverlay'), [{ type: 'removeOverlay', runDir: '/runs/h8-run2' }]);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#run-legend')?.hidden === true);
  assert.deepEqual(await legend(page, 'rmse'), ['energy RMSE']);
  assert.equal(await page.$eval('#card-elbo', (e) => (e as HTMLElement).hidden), true);
  assert.deepEqual(errors, []);
  await page.close();

  // A reloaded window asks the host again for the runs it had overlaid.
  const again = await open({ runDir: '/runs/h8-run1', runId: 'h8-run1', logY: false, smoothing: 0, overlays: ['/runs/h8-run2'] });
  await sendToPanel(again.page, init(ens));
  await rendered(again.page, ens.length);
  assert.deepEqual((await posted(again.page)).filter((m) => m.type === 'addOverlay'), [{ type: 'addOverlay', runDir: '/runs/h8-run2' }]);
  assert.deepEqual(again.errors, []);
  await again.page.close();
});

test('a decaying learning rate is ticked in one style on its log axis and on its linear one', async () => {
  const events = fixture('ensemble.events.ndjson').map((e) => (e.type === 'epoch' ? { ...e, learningRate: 0.003 * Math.pow(5.2e-5 / 0.003, (e.epoch - 1) / 29) } : e)) as RunEvent[];
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  const linear = (await card(page, 'lr')).yticks!.split('|');
  assert.ok(linear.length >= 3, linear.join('|'));
  for (const t of linear) assert.match(t, /^(0|\d(\.\d+)?e-\d)$/, `linear tick "${t}" of ${linear.join('|')}`);
  await page.check('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-lr')?.dataset.yscale === 'log');
  const log = (await card(page, 'lr')).yticks!.split('|');
  assert.ok(log.includes('1e-3') && log.includes('1e-4'), log.join('|'));
  for (const t of log) assert.match(t, /^[125]e-\d$/, `log tick "${t}" of ${log.join('|')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('loss cards start on a log axis; calibration stays linear', async () => {
  // A BNN whose data term turns negative: the ELBO card starts on symlog, the other losses on plain log.
  const events = fixture('bnn.events.ndjson').map((e) => (e.type === 'epoch' ? { ...e, dataTerm: 12 - e.epoch, trainLoss: 12 - e.epoch + e.klTerm } : e)) as RunEvent[];
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  const box = () => page.$eval('#log-y', (b) => ({ checked: (b as HTMLInputElement).checked, mixed: (b as HTMLInputElement).indeterminate }));
  assert.deepEqual(await box(), { checked: false, mixed: true }, 'no scale picked yet: the box is mixed');
  let loss = await card(page, 'loss');
  assert.equal(loss.yscale, 'log', 'the objective carries the KL term and stays positive: plain log');
  assert.equal(loss.y2scale, 'log', 'the validation loss is positive: plain log');
  const elbo = await card(page, 'elbo');
  assert.deepEqual([elbo.yscale, elbo.y2scale], ['symlog', 'log'], 'ELBO: signed data term symlog, KL term log');
  assert.equal((await card(page, 'rmse')).yscale, 'log', 'validation RMSE on log');
  assert.equal((await card(page, 'lr')).yscale, 'linear', 'the learning rate starts linear');
  assert.equal((await card(page, 'speed')).yscale, 'linear');
  const cal = await card(page, 'calibration');
  assert.equal(cal.yscale, 'linear', 'coverage in [0, 1] against the diagonal: never log');
  assert.ok(Number(cal.ymin) <= 0 && Number(cal.ymax) >= 1, `calibration y ${cal.ymin}..${cal.ymax}`);
  assert.equal((await page.evaluate(() => (window as unknown as { __state: { logY?: boolean } }).__state)).logY, undefined, 'nothing chosen, nothing remembered');

  // The user's toggle still rules, and is remembered: checked puts every card that can take it on log,
  // unchecked everything linear; the calibration card stays linear throughout.
  await page.check('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-lr')?.dataset.yscale === 'log');
  assert.equal((await card(page, 'calibration')).yscale, 'linear');
  await page.uncheck('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-loss')?.dataset.yscale === 'linear');
  assert.deepEqual([(await card(page, 'elbo')).yscale, (await card(page, 'rmse')).yscale, (await card(page, 'lr')).yscale], ['linear', 'linear', 'linear']);
  const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.equal((state as { logY?: boolean }).logY, false);
  assert.deepEqual(errors, []);
  await page.close();

  // A reloaded window restores the linear choice, not the log default.
  const again = await open(state);
  await sendToPanel(again.page, init(events));
  await rendered(again.page, events.length);
  loss = await card(again.page, 'loss');
  assert.equal(loss.yscale, 'linear');
  assert.deepEqual(await again.page.$eval('#log-y', (b) => ({ checked: (b as HTMLInputElement).checked, mixed: (b as HTMLInputElement).indeterminate })), { checked: false, mixed: false });
  assert.deepEqual(again.errors, []);
  await again.page.close();
});
