/**
 * What the Runs view lists and which menu each run gets (issue 17: "No runs yet" while runs existed;
 * "Open report" offered on a stopped run without one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, runRoots } from '../../src/extension/runs/run-list';
import { runContextValue } from '../../src/extension/runs/run-context';

function run(dir: string, ageSeconds: number): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'events.ndjson'), '{}\n');
  const t = Date.now() / 1000 - ageSeconds;
  utimesSync(dir, t, t);
  return dir;
}

test('runs are listed from the workspace runs folder and the CLI\'s runs folders beside configs, plus active runs without events yet', (t) => {
  const ws = mkdtempSync(join(tmpdir(), 'runs-view-'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const editorRun = run(join(ws, 'runs', 'a-1'), 30);
  const cliRun = run(join(ws, 'examples', 'runs', 'b-2'), 20);
  mkdirSync(join(ws, 'runs', 'not-a-run'));
  mkdirSync(join(ws, 'node_modules', 'x', 'runs', 'c'), { recursive: true });
  // Started a moment ago: the runner is still reading the data, no events.ndjson yet.
  const starting = join(ws, 'runs', 'c-3');
  mkdirSync(starting);
  const roots = runRoots(ws, 'runs');
  assert.deepEqual(roots, [join(ws, 'runs'), join(ws, 'examples', 'runs')]);
  assert.deepEqual(listRuns(roots, [starting]), [starting, cliRun, editorRun]);
  assert.deepEqual(listRuns([join(ws, 'missing'), ...roots]), [cliRun, editorRun], 'a missing root lists the others');
});

test('"Open report" only where a report is: a stopped run without one gets the plain resumable menu', () => {
  assert.equal(runContextValue('stopped', { active: false, resumable: true, hasReport: false }), 'run.resumable');
  assert.equal(runContextValue('done', { active: false, resumable: false, hasReport: true }), 'run.done.report');
  assert.equal(runContextValue('done', { active: false, resumable: false, hasReport: false }), 'run.done');
  assert.equal(runContextValue('failed', { active: false, resumable: false, hasReport: false }), 'run.failed');
  assert.equal(runContextValue('running', { active: true, resumable: false, hasReport: false }), 'run.running');
  const menus = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).contributes.menus['view/item/context'] as { command: string; when: string }[];
  const whenOf = (cmd: string) => new RegExp(/viewItem =~ \/(.*?)\/(?: |$)/.exec(menus.find((m) => m.command === cmd && m.when.includes('mlipUq.runs'))!.when)![1]);
  const openReport = whenOf('mlipUq.openReport');
  assert.equal(openReport.test('run.resumable'), false);
  assert.equal(openReport.test('run.done'), false);
  assert.equal(openReport.test('run.done.report'), true);
  assert.equal(whenOf('mlipUq.resume').test('run.resumable'), true);
  assert.equal(whenOf('mlipUq.exportAenet').test('run.done.report'), true);
});
