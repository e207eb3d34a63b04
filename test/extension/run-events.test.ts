/** Run events as the extension reads them: validation, the events file, and the run summary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventsText } from '../../src/core/run-dir/read-run-dir';
import { validateEvent, parseEventLine } from '../../src/core/run-dir/validate-event';
import { summarize, describe } from '../../src/core/run-dir/run-summary';

const recorded = readFileSync(join(__dirname, '..', 'webview', 'fixtures', 'ensemble.events.ndjson'), 'utf8');
const lines = recorded.trim().split('\n');
const raw = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

test('every line of a recorded run is a valid event, in order', () => {
  const { events, rejected } = parseEventsText(recorded);
  assert.deepEqual(rejected, []);
  assert.equal(events.length, lines.length);
  assert.deepEqual(events.map((e) => e.type), raw.map((e) => e.type));
});

test('a torn last line (killed runner) is rejected with its line number; the rest is kept', () => {
  const torn = recorded + lines[5].slice(0, 40);
  const { events, rejected } = parseEventsText(torn);
  assert.equal(events.length, lines.length);
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].line, lines.length + 1);
  assert.match(rejected[0].reason, /not JSON/);
});

test('unknown types, newer protocol versions and missing fields are refused with a reason', () => {
  assert.match((validateEvent({ v: 1, type: 'explode' }) as { reason: string }).reason, /unknown event type "explode"/);
  assert.match((validateEvent({ ...raw[0], v: 99 }) as { reason: string }).reason, /protocol v99 is newer/);
  const epoch = raw.find((e) => e.type === 'epoch')!;
  const { trainLoss: _drop, ...noLoss } = epoch;
  assert.match((validateEvent(noLoss) as { reason: string }).reason, /field \/trainLoss is missing/);
  assert.equal(validateEvent({ ...epoch, trainLoss: null }).ok, true, 'a diverged (NaN → null) loss is still an epoch');
  assert.equal(parseEventLine('[1,2]').ok, false);
});

test('the summary of a finished run names its method, last epoch and report', () => {
  const { events } = parseEventsText(recorded);
  const s = summarize('run', events);
  const started = raw[0];
  const lastEpoch = raw.filter((e) => e.type === 'epoch').at(-1)!;
  const finished = raw.at(-1)!;
  assert.equal(s.status, 'done');
  assert.equal(s.method, started.method);
  assert.equal(s.members, started.members);
  assert.equal(s.epoch, lastEpoch.epoch);
  assert.equal(s.valEnergyRmse, lastEpoch.valEnergyRmse);
  assert.equal(s.report, finished.report);
  assert.equal(s.bestEpoch, finished.bestEpoch);
  assert.match(describe(s), new RegExp(`^done · ensemble ×${started.members} · ${started.backend} · epoch ${lastEpoch.epoch}/${lastEpoch.epochs}`));
});

test('a run cut off before "finished" is interrupted when no process is attached, running when one is', () => {
  const { events } = parseEventsText(lines.slice(0, 12).join('\n'));
  assert.equal(summarize('r', events).status, 'interrupted');
  assert.equal(summarize('r', events, true).status, 'running');
  const failed = { v: 1, t: 'x', run: 'r', type: 'failed', message: 'loss diverged' };
  const s = summarize('r', [...events, validateEvent(failed).ok ? (failed as never) : (null as never)]);
  assert.equal(s.status, 'failed');
  assert.equal(s.message, 'loss diverged');
});
