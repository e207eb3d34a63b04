/** How the paper table tells why a run ended, from the run's events.ndjson. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFinished, summariseEvents } from '../../../src/runner/paper/paper-results';

function runDirWith(events: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-results-'));
  writeFileSync(join(dir, 'events.ndjson'), events.map((e) => JSON.stringify({ v: 1, t: 'x', run: 'r', ...e })).join('\n') + '\n');
  return dir;
}

const epoch = (n: number) => ({ type: 'epoch', epoch: n });
const finished = (stopped?: string) => ({ type: 'finished', epochs: 2, bestEpoch: 2, seconds: 7.5, report: 'r.json', summary: {}, ...(stopped ? { stopped } : {}) });

test('the finished event\'s reason "time-budget" marks a budget stop, with no warning needed', () => {
  const dir = runDirWith([epoch(1), epoch(2), finished('time-budget')]);
  try {
    assert.deepEqual(summariseEvents(dir), { epochs: 2, budget: true, seconds: 7.5, stopped: 'time-budget', finished: true });
  } finally { rmSync(dir, { recursive: true }); }
});

test('runs written before that reason existed: the budget warning still marks them', () => {
  const dir = runDirWith([epoch(1), { type: 'warning', message: 'time budget reached after epoch 1 of 9; keeping the best epoch so far' }, finished('completed')]);
  try {
    assert.equal(summariseEvents(dir).budget, true);
  } finally { rmSync(dir, { recursive: true }); }
});

test('early stopping and completed runs are not budget stops', () => {
  for (const stopped of ['early-stopping', 'completed', undefined]) {
    const dir = runDirWith([epoch(1), finished(stopped)]);
    try {
      const s = summariseEvents(dir);
      assert.equal(s.budget, false, String(stopped));
      assert.equal(s.stopped, stopped);
    } finally { rmSync(dir, { recursive: true }); }
  }
});

test('paper --resume keeps a run only when it finished with its report: not cancelled, not cut off, not without a report', () => {
  const cases: [object[], boolean, boolean][] = [
    [[epoch(1), finished('early-stopping')], true, true],
    [[epoch(1), finished('time-budget')], true, true],
    [[epoch(1), finished('cancelled')], true, false],
    [[epoch(1)], true, false],
    [[epoch(1), finished()], false, false],
  ];
  for (const [events, report, kept] of cases) {
    const dir = runDirWith(events);
    try {
      if (report) writeFileSync(join(dir, 'report.uqreport.json'), '{}');
      assert.equal(runFinished(dir), kept, JSON.stringify(events));
    } finally { rmSync(dir, { recursive: true }); }
  }
});
