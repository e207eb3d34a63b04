import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runnerSpawnSpec, newRunId } from '../../src/extension/runs/runner-command';

const base = { extensionRoot: '/ext', configFile: '/ws/a.mlip.yaml', runDir: '/ws/runs/a-1', resume: false, backend: 'config', threads: 0, nodePath: '', hostExecPath: '/opt/code/node' };

test('the runner is dist/runner.js CONFIG --run-dir DIR, run by the host\'s own executable as Node', () => {
  const s = runnerSpawnSpec(base);
  assert.equal(s.command, '/opt/code/node');
  assert.deepEqual(s.args, ['/ext/dist/runner.js', '/ws/a.mlip.yaml', '--run-dir', '/ws/runs/a-1']);
  assert.equal(s.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(s.env.MLIP_UQ_BACKEND, undefined);
});

test('resume, a chosen node, backend and threads reach the command line and environment', () => {
  const s = runnerSpawnSpec({ ...base, resume: true, nodePath: '/usr/bin/node', backend: 'cpu', threads: 4 });
  assert.equal(s.command, '/usr/bin/node');
  assert.equal(s.args.at(-1), '--resume');
  assert.equal(s.env.MLIP_UQ_BACKEND, 'cpu');
  assert.equal(s.env.MLIP_UQ_THREADS, '4');
});

test('run ids are the config name and a UTC second stamp', () => {
  assert.equal(newRunId('/ws/tio2-lrt-fast.mlip.yaml', new Date('2026-11-24T23:05:09.123Z')), 'tio2-lrt-fast-20261124T230509Z');
  assert.equal(newRunId('C:\\ws\\my config.mlip.json', new Date('2026-01-02T03:04:05Z')), 'my-config-20260102T030405Z');
});
