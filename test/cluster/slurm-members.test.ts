/**
 * A deep ensemble's members as Slurm jobs (`train --members-as-jobs --executor slurm`) on the one-node
 * cluster of slurm-cluster.ts: 2 members submitted as one sbatch job array (each task `train --member k` in
 * its own run directory), then merged into one ensemble run equal to the same config trained in one
 * process. Skipped, with the reason, where the cluster cannot start (not root, slurm-wlm or munge missing).
 * Time limits: 15 s to start the cluster, 60 s for the test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel } from '../../src/core/models/saved-model';
import type { RunPredictionsFile } from '../../src/protocol/report';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { CLI, ensureCli } from '../runner/sweep/helpers';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from './slurm-cluster';

const skip = slurmUnavailable();
if (skip) console.log(`# skipping the Slurm members-as-jobs test: ${skip}`);
let cluster: SlurmCluster | null = null;

before(async () => {
  if (skip) return;
  ensureCli();
  cluster = await startSlurmCluster(15_000);
});
after(async () => { await cluster?.stop(); });

test('a 2-member ensemble through sbatch: one job array, member run directories, one merged run equal to the in-process ensemble', { skip: skip ?? false, timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'members-slurm-'));
  const cfg = writeTinyTio2Config(join(dir, 'ens.mlip.yaml'), { limit: 30, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 6, batch_size: 8, backend: wasm, threads: 1, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }` });
  const jobs = join(dir, 'jobs');
  const r = spawnSync(process.execPath, [CLI, 'train', cfg, '--members-as-jobs', '--executor', 'slurm', '--parallel', '2', '--run-dir', jobs,
    '--partition', 'debug', '--time', '10', '--memory', '500M', '--poll-seconds', '0.5', '--max-retries', '1'], { env: cluster!.env, encoding: 'utf8', timeout: 50_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /2 members as separate jobs on slurm \(2 tasks at once, partition debug\)/);
  const job = /member 1: submitted as Slurm job (\d+)_0/.exec(r.stderr)?.[1];
  assert.ok(job, r.stderr);
  assert.match(r.stderr, new RegExp(`member 2: submitted as Slurm job ${job}_1`)); // one array, two tasks
  const script = readFileSync(join(jobs, 'slurm', 'array-000.sh'), 'utf8');
  assert.match(script, /#SBATCH --array=0-1\n/);
  assert.match(script, /#SBATCH --partition=debug\n#SBATCH --time=10\n#SBATCH --mem=500M\n/);
  assert.match(script, /1\) exec '.*node.*' '.*cli\.js' 'train' '.*ens\.mlip\.yaml' '--run-dir' '.*jobs\/members\/member-02' '--threads' '1' '--member' '1'/);
  for (const k of [1, 2]) assert.ok(existsSync(join(jobs, 'members', `member-0${k}`, 'model.json')));
  assert.equal(cluster!.squeue().trim(), '');

  // The merged run against the same config trained in one process (every member's best epoch is its last here).
  const inproc = join(dir, 'inproc');
  const one = spawnSync(process.execPath, [CLI, 'train', cfg, '--run-dir', inproc, '--threads', '1'], { encoding: 'utf8', timeout: 50_000 });
  assert.equal(one.status, 0, one.stderr);
  const theta = (run: string) => decodeModel(readFileSync(join(run, 'model.json'), 'utf8'), run).params.theta;
  const a = theta(jobs), b = theta(inproc);
  assert.equal(a.length, b.length);
  assert.ok(a.every((x, i) => Math.abs(x - b[i]) <= 1e-6));
  const pred = (run: string) => (JSON.parse(readFileSync(join(run, 'predictions.json'), 'utf8')) as RunPredictionsFile).sets.test!.structures;
  pred(jobs).forEach((s, i) => {
    const t = pred(inproc)[i];
    assert.equal(s.name, t.name);
    assert.ok(Math.abs(s.energyPred - t.energyPred) <= 1e-6 && Math.abs(s.energyStd - t.energyStd) <= 1e-6, s.name);
  });
  assert.ok(existsSync(join(jobs, 'report.uqreport.json')));
});
