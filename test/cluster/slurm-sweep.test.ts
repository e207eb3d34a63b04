/**
 * The slurm executor on a real one-node Slurm cluster started by the test (slurm-cluster.ts): a 2-trial sweep
 * through sbatch job arrays, a training process killed on the node marked failed and resubmitted (continuing
 * from its checkpoint), and a cancelled sweep reaching scancel. Skipped, with the reason, where the cluster
 * cannot start (not root, slurm-wlm or munge missing). Time limits: 15 s to start the cluster, 25 + 35 + 15 s
 * for the tests, so the file ends within 90 s even when something hangs (typically ~40 s).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureCli, readState, writeBase, writeSweep } from '../runner/sweep/helpers';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from './slurm-cluster';

const skip = slurmUnavailable();
if (skip) console.log(`# skipping the Slurm cluster tests: ${skip}`);
let cluster: SlurmCluster | null = null;

before(async () => {
  if (skip) return;
  ensureCli();
  cluster = await startSlurmCluster(15_000);
});
after(async () => { await cluster?.stop(); });

const SLURM = `executor: { type: slurm, parallel: 2, slurm: { poll_seconds: 0.5, partition: debug, time: "10", memory: 500M, max_retries: 1 } }\n`;

function sweepIn(dir: string, out: string, extra: string[] = []) {
  return spawnSync(process.execPath, [CLI, 'sweep', join(dir, 'tiny.sweep.yaml'), '--out', out, ...extra], { env: cluster!.env, encoding: 'utf8', timeout: 60_000 });
}

test('a 2-trial sweep runs through sbatch as one job array: run directories, results and the generated batch script', { skip: skip ?? false, timeout: 25_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-slurm-'));
  writeBase(dir, 6);
  writeSweep(dir, `space:\n  training.learning_rate: { choice: [0.01, 0.005] }\nstrategy: grid\n${SLURM}`);
  const out = join(dir, 'out');
  const r = sweepIn(dir, out);
  assert.equal(r.status, 0, r.stderr);
  const s = readState(out);
  assert.equal(s.executor, 'slurm');
  assert.deepEqual(s.trials.map((t) => [t.status, t.epochs, t.attempts]), [['completed', 6, 1], ['completed', 6, 1]]);
  assert.match(r.stderr, /trial 0000: submitted as Slurm job (\d+)_0/);
  const job = /submitted as Slurm job (\d+)_0/.exec(r.stderr)![1];
  assert.match(r.stderr, new RegExp(`trial 0001: submitted as Slurm job ${job}_1`)); // one array, two tasks
  const script = readFileSync(join(out, 'slurm', 'array-000.sh'), 'utf8');
  assert.match(script, /#SBATCH --array=0-1\n/);
  assert.match(script, /#SBATCH --partition=debug\n#SBATCH --time=10\n#SBATCH --mem=500M\n/);
  assert.match(script, /0\) exec '.*node.*' '.*cli\.js' 'train' '.*trials\/0000\/trial\.mlip\.json' '--run-dir' '.*trials\/0000'/);
  for (const t of s.trials) assert.ok(existsSync(join(out, t.runDir, 'report.uqreport.json')));
  assert.ok(existsSync(join(out, 'best.mlip.yaml')));
});

/** Process ids of training processes whose command line names `runDir`. */
function trainPids(runDir: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return cmd.includes('train') && cmd.includes(runDir) ? [Number(p)] : [];
    } catch { return []; }
  });
}

test('a training process killed on the node: the task is marked failed, resubmitted with --resume and finishes', { skip: skip ?? false, timeout: 35_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-slurm-kill-'));
  writeBase(dir, 100000);
  writeSweep(dir, `space:\n  training.learning_rate: { choice: [0.01] }\nstrategy: grid\n${SLURM}`);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [CLI, 'sweep', join(dir, 'tiny.sweep.yaml'), '--out', out, '--minutes', '0.2'], { env: cluster!.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const runDir = join(out, 'trials', '0000');
  // Wait for the trial's process and its first checkpoint, then kill it as a node failure would.
  let pids: number[] = [];
  for (let i = 0; i < 100 && !(pids.length && existsSync(join(runDir, 'checkpoint.json'))); i++) {
    await new Promise((r) => setTimeout(r, 200));
    pids = trainPids(runDir);
  }
  assert.ok(pids.length, `no training process for ${runDir}: ${err}`);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  assert.equal(await closed, 0, err);
  // The state is the last one the sweep's poll saw: a killed step can still read COMPLETING, depending on how fast
  // slurmd reaps it, and on a loaded machine the task can start, checkpoint and be killed between two polls (0.5 s),
  // so the last state seen is PENDING.
  assert.match(err, /trial 0000: job \d+_0 ended without a result \(last seen (PENDING|RUNNING|COMPLETING)\); resubmitting \(1\/1 retries used\)/);
  assert.match(err, /trial 0000: submitted as Slurm job \d+_0 \(attempt 2\)/);
  const s = readState(out);
  assert.equal(s.trials[0].status, 'completed');
  assert.equal(s.trials[0].attempts, 2);
  const events = readFileSync(join(runDir, 'events.ndjson'), 'utf8');
  assert.match(events, /"type":"finished"/);
  assert.equal(readdirSync(join(out, 'slurm')).filter((f) => f.endsWith('.sh')).length, 2);
});

test('cancelling the sweep reaches scancel: the queue empties, the trials are saved as cancelled', { skip: skip ?? false, timeout: 15_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-slurm-cancel-'));
  writeBase(dir, 100000);
  writeSweep(dir, `space:\n  training.learning_rate: { choice: [0.01, 0.005] }\nstrategy: grid\n${SLURM}`);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [CLI, 'sweep', join(dir, 'tiny.sweep.yaml'), '--out', out], { env: cluster!.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  for (let i = 0; i < 100 && (cluster!.squeue().match(/RUNNING/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 200));
  assert.equal((cluster!.squeue().match(/RUNNING/g) ?? []).length, 2, cluster!.squeue());
  child.kill('SIGTERM');
  assert.equal(await closed, 130, err);
  assert.equal(cluster!.squeue().trim(), '');
  const s = readState(out);
  assert.equal(s.phase, 'cancelled');
  assert.deepEqual(s.trials.map((t) => t.status), ['cancelled', 'cancelled']);
});
