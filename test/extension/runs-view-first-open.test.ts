/**
 * Issue 17's "No runs yet" while runs existed: the Runs view opened for the first time during a run
 * (started from a terminal, so no process of this window is attached) lists it as running, and a run
 * that appears while the view is hidden shows up when the view is shown again. Built on a stand-in for
 * the `vscode` module (test/helpers/vscode-stub.ts); its file watchers never fire, so only the
 * visibility handler can bring the second run in.
 */
import { openWorkspace, fakeTreeView } from '../helpers/vscode-stub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunManager } from '../../src/extension/runs/run-manager';
import { RunsTreeProvider, type RunItem } from '../../src/extension/runs/runs-tree';
import { RUN_LOCK_FILE, lockText } from '../../src/core/run-dir/run-lock-file';

/** started, epoch 1 and (for a finished run) finished, from a real run's events. */
const lines = readFileSync(join(__dirname, '..', 'webview', 'fixtures', 'ensemble.events.ndjson'), 'utf8').split('\n').filter(Boolean);
const started = lines.find((l) => JSON.parse(l).type === 'started')!;
const epoch1 = lines.find((l) => JSON.parse(l).type === 'epoch')!;
const finished = lines.find((l) => JSON.parse(l).type === 'finished')!;

function writeRun(dir: string, events: string[], lock?: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'events.ndjson'), events.join('\n') + '\n');
  if (lock !== undefined) writeFileSync(join(dir, RUN_LOCK_FILE), lock);
}

const shown = (items: RunItem[]) => items.map((i) => ({ name: String(i.label), status: (i.iconPath as { id: string }).id, menu: i.contextValue }));

test('the Runs view opened for the first time during a run lists it as running, and re-reads the runs when shown', (t) => {
  const ws = mkdtempSync(join(tmpdir(), 'runs-view-first-'));
  openWorkspace(ws);
  // A run written by another process of this host: its run.lock names a live PID ("PID HOST"), this test's own.
  writeRun(join(ws, 'runs', 'live-1'), [started, epoch1], lockText());
  const manager = new RunManager(ws, { appendLine() {} } as never);
  const tree = new RunsTreeProvider(manager);
  t.after(() => { tree.dispose(); manager.dispose(); rmSync(ws, { recursive: true, force: true }); });

  // First open: the tree is built now, during the run.
  assert.deepEqual(shown(tree.getChildren()), [{ name: 'live-1', status: 'sync~spin', menu: 'run.running' }]);
  const item = tree.getChildren()[0];
  assert.match(String(item.description), /running/);
  assert.equal(item.summary.status, 'running');
  assert.equal(item.summary.epoch, 1);

  // A run finished while the view was hidden (no watcher told the tree): shown again, the view re-reads.
  const view = fakeTreeView();
  const attached = tree.attach(view.view as never);
  t.after(() => attached.dispose());
  let changes = 0;
  tree.onDidChangeTreeData(() => { changes++; });
  writeRun(join(ws, 'runs', 'done-2'), [started, epoch1, finished]);
  view.hide();
  assert.equal(changes, 0, 'hiding the view reads nothing');
  view.show();
  assert.equal(changes, 1, 'showing the view asks the editor to read the runs again');
  const again = shown(tree.getChildren()).sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(again, [
    { name: 'done-2', status: 'pass', menu: 'run.done' },
    { name: 'live-1', status: 'sync~spin', menu: 'run.running' },
  ]);
});
