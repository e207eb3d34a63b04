/**
 * The dashboard says in plain words when the latest validation snapshot's σ scale is outside [0.5, 2]
 * (the sentence the report and the CLI use), and says nothing when it is inside.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/protocol/events';
import { startHarness, sendToPanel, watchErrors, type Harness } from './harness';

const recorded = readFileSync(join(__dirname, 'fixtures', 'ensemble.events.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

async function warnings(events: RunEvent[]): Promise<string[]> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  await page.goto(h.url('dashboard', 'vscode-dark'));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'init', runId: 'r', runDir: '/runs/r', events, live: false, maxPoints: 2000 });
  await page.waitForFunction((n) => document.body.dataset.rendered === String(n), events.length);
  const out = await page.$$eval('.notices .calibration-warning', (els) => els.map((e) => e.textContent ?? ''));
  assert.deepEqual(errors, []);
  await page.close();
  return out;
}

test('a validation snapshot with σ 15× too small is said so; a scale inside [0.5, 2] says nothing', async () => {
  const withScale = (scale: number) => {
    let last = -1;
    recorded.forEach((e, i) => { if (e.type === 'calibration' && e.quantity === 'energy') last = i; });
    assert.ok(last >= 0, 'the fixture has an energy calibration snapshot');
    return recorded.map((e, i) => (i === last ? { ...e, sigmaScale: scale } as RunEvent : e));
  };
  const far = await warnings(withScale(15.2));
  assert.equal(far.length, 1);
  assert.match(far[0], /^⚠ Energy σ is 15× too small on validation; raw σ shown: do not read it as a calibrated uncertainty\. \(epoch \d+; the report recalibrates σ\.\)$/);
  assert.deepEqual(await warnings(withScale(1.3)), []);
});
