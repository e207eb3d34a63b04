/** The process the extension spawns streams NDJSON run events on stdout, the backend choice first. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';

const repo = join(__dirname, '..', '..');

test('worker: NDJSON events on stdout, started first, finished last; a bad config is one failed event', () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-worker-'));
  const cfg = writeTinyTio2Config(join(work, 'w.mlip.yaml'), { limit: 20, body: `method: { type: deterministic }
training: { epochs: 2, batch_size: 8, backend: wasm }` });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src', 'runner', 'worker.ts'), cfg, '--run-dir', join(work, 'run')], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; backend?: string });
  assert.equal(events[0].type, 'started');
  assert.equal(events[0].backend, 'wasm');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 2);
  assert.equal(events[events.length - 1].type, 'finished');

  const bad = join(work, 'bad.mlip.yaml');
  writeFileSync(bad, 'method: { type: bnn, bnn: { estimator: dropout } }\n');
  const b = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src', 'runner', 'worker.ts'), bad], { cwd: repo, encoding: 'utf8' });
  assert.equal(b.status, 1);
  const failed = JSON.parse(b.stdout.trim().split('\n')[0]) as { type: string; location?: { file?: string; line?: number } };
  assert.equal(failed.type, 'failed');
  assert.equal(failed.location?.file, bad);
  assert.ok((failed.location?.line ?? 0) >= 1);
});
