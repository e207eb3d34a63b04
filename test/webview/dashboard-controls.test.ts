/**
 * The dashboard's controls and charts under the conditions issue 17 found broken, in headless Chromium:
 * Stop clicked while a fast run redraws, Resume on a stopped run, Open report only where a report is,
 * log y on signed and bounded series, readable ticks, like with like on the loss card, no forces axis
 * on an energy-only run, "1 thread".
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEvent } from '../../src/protocol/events';
import { startHarness, sendToPanel, posted, watchErrors, type Harness } from './harness';
import { REOFFER_AFTER_MS } from '../../webview/dashboard/header';

const fixture = (name: string): RunEvent[] =>
  readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);
const artifacts = join(__dirname, '..', '..', 'test-artifacts', 'webview');
mkdirSync(artifacts, { recursive: true });

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  await page.goto(h.url('dashboard'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}
const init = (events: RunEvent[], live = false) => ({ type: 'init', runId: 'r', runDir: '/runs/r', events, live, maxPoints: 2000 });
const rendered = (page: Page, n: number) => page.waitForFunction((k) => document.body.dataset.rendered === String(k), n);
const card = (page: Page, id: string) => page.$eval(`#card-${id}`, (e) => ({ ...(e as HTMLElement).dataset }));
const nextFrame = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('Stop can be clicked while a fast run redraws the header many times a second', async () => {
  const events = fixture('ensemble.events.ndjson');
  const started = events[0];
  const epochs = events.filter((e) => e.type === 'epoch');
  const { page, errors } = await open();
  await sendToPanel(page, init([started, epochs[0]], true));
  await rendered(page, 2);
  await page.$eval('#stop', (b) => { (b as HTMLElement & { mark?: number }).mark = 1; });
  const box = (await page.locator('#stop').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Epochs arriving between mouse-down and mouse-up: each one redraws the header.
  for (let i = 1; i < 8; i++) {
    await sendToPanel(page, { type: 'events', runId: 'r', events: [epochs[i]] });
    await nextFrame(page);
  }
  await page.mouse.up();
  assert.equal(await page.$eval('#stop', (b) => (b as HTMLElement & { mark?: number }).mark), 1, 'the same button after redraws');
  assert.equal(await page.textContent('#stat-epoch'), `${epochs[7].type === 'epoch' ? epochs[7].epoch : ''} / 30`);
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'stop'), [{ type: 'stop' }]);
  assert.match(await page.textContent('.meta') ?? '', / 1 thread · /);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a stopped run offers Resume and no Open report; a finished run offers Open report', async () => {
  const events = fixture('ensemble.events.ndjson').filter((e) => e.type !== 'finished');
  const lastEpoch = events.filter((e) => e.type === 'epoch').at(-1)!;
  const stop = { ...lastEpoch, type: 'finished', epochs: 12, bestEpoch: 10, seconds: 9, report: '', summary: {}, stopped: 'cancelled' } as unknown as RunEvent;
  const { page, errors } = await open();
  await sendToPanel(page, init([...events, stop]));
  await rendered(page, events.length + 1);
  assert.equal(await page.$eval('.pill', (e) => (e as HTMLElement).dataset.status), 'stopped');
  assert.equal(await page.isVisible('#resume'), true);
  assert.equal(await page.isVisible('#open-report'), false);
  assert.equal(await page.isVisible('#stop'), false);
  await page.click('#resume');
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'resume'), [{ type: 'resume' }]);
  await page.screenshot({ path: join(artifacts, 'dashboard-stopped-resume.png') });

  const done = { ...stop, stopped: 'completed', report: 'report.uqreport.json' } as unknown as RunEvent;
  await sendToPanel(page, init([...events, done]));
  // The same number of events as before: wait for the new end state itself, not for a count already reached.
  await page.waitForSelector('#open-report', { state: 'visible', timeout: 10_000 });
  assert.equal(await page.isVisible('#resume'), false);
  assert.equal(await page.isVisible('#open-report'), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Stop or Resume the host could not act on is offered again after 5 s, not before', async () => {
  assert.equal(REOFFER_AFTER_MS, 5000);
  const events = fixture('ensemble.events.ndjson').filter((e) => e.type !== 'finished');
  const lastEpoch = events.filter((e) => e.type === 'epoch').at(-1)!;
  const stopped = { ...lastEpoch, type: 'finished', epochs: 12, bestEpoch: 10, seconds: 9, report: '', summary: {}, stopped: 'cancelled' } as unknown as RunEvent;
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  // The page's timers on a clock the test moves (Playwright's fake clock): no 5 s waits, no races.
  await page.clock.install();
  await page.goto(h.url('dashboard'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  const disabled = (id: string) => page.$eval(`#${id}`, (b) => (b as HTMLButtonElement).disabled);
  const count = async (type: string) => (await posted(page)).filter((m) => m.type === type).length;
  /** A real mouse click (no waiting for the button to be enabled: a disabled one swallows it). */
  const click = async (id: string) => {
    const box = (await page.locator(`#${id}`).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  };
  const pause = async () => page.clock.pauseAt(await page.evaluate(() => Date.now() + 100));

  // A stopped run whose Resume the host refuses (say, its checkpoint is gone): nothing changes after the click.
  await sendToPanel(page, init([...events, stopped]));
  await rendered(page, events.length + 1);
  await pause();
  await click('resume');
  assert.equal(await count('resume'), 1);
  assert.equal(await disabled('resume'), true, 'one request per click');
  await click('resume');
  assert.equal(await count('resume'), 1, 'a click on the disabled button asks nothing');
  await page.clock.runFor(REOFFER_AFTER_MS - 1);
  assert.equal(await disabled('resume'), true, 'not offered before 5 s');
  await page.clock.runFor(1);
  assert.equal(await disabled('resume'), false, 'offered again at 5 s');
  await click('resume');
  assert.equal(await count('resume'), 2);

  // A live run whose Stop the host could not deliver: the same.
  await page.clock.resume();
  await sendToPanel(page, init(events.slice(0, 3), true));
  await rendered(page, 3);
  assert.equal(await page.isVisible('#stop'), true);
  await pause();
  await click('stop');
  assert.equal(await count('stop'), 1);
  assert.equal(await disabled('stop'), true);
  await page.clock.runFor(REOFFER_AFTER_MS - 1);
  assert.equal(await disabled('stop'), true, 'not offered before 5 s');
  await page.clock.runFor(1);
  assert.equal(await disabled('stop'), false, 'offered again at 5 s');
  await click('stop');
  assert.equal(await count('stop'), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

/** A BNN run whose data term turns negative and whose learning rate decays to 5.2e-5. */
function signedBnn(): RunEvent[] {
  return fixture('bnn.events.ndjson').map((e) => (e.type === 'epoch'
    ? { ...e, dataTerm: 12 - e.epoch, trainLoss: 12 - e.epoch + e.klTerm, learningRate: 0.003 * Math.pow(5.2e-5 / 0.003, (e.epoch - 1) / 39) }
    : e));
}

test('log y keeps the calibration card whole, draws a negative data term on a symlog axis and labels ticks readably', async () => {
  const events = signedBnn();
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  const linear = { cal: await card(page, 'calibration'), elbo: await card(page, 'elbo'), lr: await card(page, 'lr') };
  for (const t of linear.lr.yticks!.split('|')) assert.ok(t.length <= 6 && !/E|0000/.test(t), `linear tick "${t}"`);

  await page.check('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-elbo')?.dataset.yscale === 'symlog');
  const cal = await card(page, 'calibration');
  assert.equal(cal.yscale, 'linear');
  assert.equal(cal.points, linear.cal.points, 'every calibration point still drawn');
  assert.ok(Number(cal.ymin) <= 0 && Number(cal.ymax) >= 1, `calibration y ${cal.ymin}..${cal.ymax}`);
  const elbo = await card(page, 'elbo');
  assert.equal(elbo.points, linear.elbo.points, 'negative data terms still drawn');
  assert.equal(elbo.y2scale, 'log', 'the KL term is positive: plain log');
  assert.ok(elbo.yticks!.split('|').some((t) => t.startsWith('-')), `negative ticks: ${elbo.yticks}`);
  const lr = await card(page, 'lr');
  assert.equal(lr.yscale, 'log');
  const ticks = lr.yticks!.split('|');
  assert.ok(ticks.length >= 2, lr.yticks);
  for (const t of ticks) assert.match(t, /^(\d(\.\d+)?e-\d|0\.00\d+|0\.0\d+)$/, `log tick "${t}"`);
  await page.screenshot({ path: join(artifacts, 'dashboard-bnn-log-y.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the BNN loss card draws the objective (with its KL term) and the validation loss on their own axes; an energy-only run has no forces axis', async () => {
  const events = signedBnn();
  const { page, errors } = await open();
  await sendToPanel(page, init(events));
  await rendered(page, events.length);
  // Losses start on a log axis now: pick linear (check, then uncheck) to read the axes' ranges plainly.
  await page.check('#log-y');
  await page.uncheck('#log-y');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#card-loss')?.dataset.yscale === 'linear');
  assert.deepEqual(await page.$$eval('#card-loss .legend-item', (els) => els.map((e) => e.textContent)), ['train loss', 'validation loss']);
  const loss = await card(page, 'loss');
  assert.equal(loss.y2scale, 'linear', 'validation on its own axis');
  const val = events.flatMap((e) => (e.type === 'epoch' ? [e.valLoss] : []));
  assert.ok(Number(loss.y2max) < 2 * Math.max(...val), `validation axis up to ${loss.y2max}, not the objective's ~170`);
  assert.ok(Number(loss.ymax) > 100, 'the objective with its KL term on the left');
  assert.equal((await card(page, 'rmse')).y2scale, 'none', 'energy-only: no forces axis');
  assert.match(await page.textContent('#card-calibration .subtitle') ?? '', /best epoch/);
  assert.deepEqual(errors, []);
  await page.close();
});
