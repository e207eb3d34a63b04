/**
 * The bundled runner (dist/runner.js, what the extension spawns) trains on its own: tfjs-core's gradient
 * registrations must be inside the CommonJS bundle, and the editor's backend/threads settings arrive
 * through the environment and override the config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { ensureBundles, REPO } from '../helpers/bundle';

const repo = REPO;
const bundle = join(repo, 'dist', 'runner.js');
const ensureRunnerBuilt = () => ensureBundles({ outputs: [bundle], sources: [join(repo, 'src'), join(repo, 'schemas')], stdio: 'pipe' });

function tinyConfig(dir: string): string {
  return writeTinyTio2Config(join(dir, 'b.mlip.yaml'), { limit: 20, body: `method: { type: deterministic }
training: { epochs: 2, batch_size: 8, backend: wasm, force_weight: 0.1 }` });
}

test('dist/runner.js trains with forces and honours MLIP_UQ_BACKEND over the config', () => {
  ensureRunnerBuilt();
  const work = mkdtempSync(join(tmpdir(), 'mlip-bundle-'));
  const r = spawnSync(process.execPath, [bundle, tinyConfig(work), '--run-dir', join(work, 'run')], {
    cwd: repo, encoding: 'utf8', env: { ...process.env, MLIP_UQ_BACKEND: 'cpu', MLIP_UQ_THREADS: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; backend?: string; trainLoss?: number });
  assert.equal(events[0].type, 'started');
  assert.equal(events[0].backend, 'cpu');
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.equal(epochs.length, 2);
  assert.ok(epochs.every((e) => Number.isFinite(e.trainLoss)));
  assert.equal(events[events.length - 1].type, 'finished');
});

test('dist/runner.js refuses an unknown backend name with a usage error', () => {
  ensureRunnerBuilt();
  const work = mkdtempSync(join(tmpdir(), 'mlip-bundle-'));
  const r = spawnSync(process.execPath, [bundle, tinyConfig(work), '--run-dir', join(work, 'run')], {
    cwd: repo, encoding: 'utf8', env: { ...process.env, MLIP_UQ_BACKEND: 'gpu' },
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--backend must be one of auto, tensorflow, wasm, cpu/);
});
