/**
 * `train --members-as-jobs` on the local executor: a 3-member bootstrap ensemble on 40 TiO2 structures, each
 * member its own `train --member k` process, merged into one ensemble run; and a run killed mid-way that
 * resumes without retraining its finished member. The merged run is compared with the members' own
 * predictions (its μ their mean, its σ their population spread) and with the same config trained in one
 * process: members are independent there (loss Σ_m, element-wise Adam) and start from the same seeded
 * weights and resamples, so the two agree to float order; with hidden widths of 15 the kernels add in the
 * same order either way and the weights come out bit for bit equal (measured: max |Δθ| = 0, μ and σ within
 * 2e-15 eV/atom). Widths whose kernel chunking differs between one and several members add in another
 * order: measured max |Δθ| = 6e-8 and |Δμ| = 5e-8 eV/atom after 8 epochs at widths 10 and 24, hence the
 * 1e-6 the test allows on θ (a float32 θ of order 1 carries ~6e-8 of rounding per step) and on μ and σ.
 * They agree when the members' own best epochs are the ensemble's one best epoch (here validation improves
 * to the last epoch; asserted): an in-process ensemble picks one epoch for all members on the mean's
 * validation error, a member job its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel } from '../../../src/core/models/saved-model';
import { readEventLines } from '../../../src/core/run-dir/read-run-dir';
import { runPredict } from '../../../src/runner/commands/predict';
import { runTraining } from '../../../src/runner/train-run';
import type { RunPredictionsFile } from '../../../src/protocol/report';
import { TIO2_ARCHIVE, writeTinyTio2Config } from '../../helpers/tiny-tio2-config';
import { CLI, ensureCli } from '../sweep/helpers';

function writeConfig(dir: string, epochs: number): string {
  return writeTinyTio2Config(join(dir, 'ens.mlip.yaml'), { limit: 40, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 3, bootstrap: true } }
training: { epochs: ${epochs}, batch_size: 8, backend: wasm, threads: 1, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }` });
}

const predictions = (run: string) => JSON.parse(readFileSync(join(run, 'predictions.json'), 'utf8')) as RunPredictionsFile;
const theta = (run: string) => decodeModel(readFileSync(join(run, 'model.json'), 'utf8'), run).params.theta;
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { assert.equal(a.length, b.length); let d = 0; for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i])); return d; };
const memberDirs = (run: string) => [1, 2, 3].map((k) => join(run, 'members', `member-0${k}`));

/** The merged run equals the in-process ensemble: θ row by row, μ and σ of every set. */
function assertSameAsInProcess(jobs: string, inproc: string): void {
  assert.ok(maxDiff(theta(jobs), theta(inproc)) <= 1e-6, `θ differs by ${maxDiff(theta(jobs), theta(inproc))}`);
  const a = predictions(jobs), b = predictions(inproc);
  for (const set of ['train', 'validation', 'test'] as const) {
    const x = a.sets[set]!.structures, y = b.sets[set]!.structures;
    assert.deepEqual(x.map((s) => s.name), y.map((s) => s.name));
    assert.ok(maxDiff(x.map((s) => s.energyPred), y.map((s) => s.energyPred)) <= 1e-6, `${set} μ`);
    assert.ok(maxDiff(x.map((s) => s.energyStd), y.map((s) => s.energyStd)) <= 1e-6, `${set} σ`);
  }
}

test('members as local jobs merge into one ensemble run: μ the members\' mean, σ their spread, equal to the in-process ensemble', async () => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'members-jobs-'));
  const cfg = writeConfig(dir, 8);
  const jobs = join(dir, 'jobs');
  const r = spawnSync(process.execPath, [CLI, 'train', cfg, '--members-as-jobs', '--parallel', '2', '--run-dir', jobs], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /3 members as separate jobs on local \(2 processes\): 3 to train/);
  assert.match(r.stderr, /merged 3 members into/);

  // Each member is a run of its own, one network trained to the last epoch (its best: no early stopping here).
  const members = memberDirs(jobs).map((d) => predictions(d));
  for (const d of memberDirs(jobs)) {
    const fin = readEventLines(join(d, 'events.ndjson')).filter((e) => e.type === 'finished').pop();
    assert.equal(fin?.type === 'finished' && fin.bestEpoch, 8, d);
    assert.equal(decodeModel(readFileSync(join(d, 'model.json'), 'utf8'), d).spec.members, 1);
  }
  const merged = predictions(jobs);
  assert.equal(merged.method?.members, 3);
  for (const set of ['train', 'validation', 'test'] as const) {
    merged.sets[set]!.structures.forEach((s, i) => {
      const mus = members.map((m) => m.sets[set]!.structures[i].energyPred);
      const mean = mus.reduce((a, x) => a + x, 0) / 3;
      const sd = Math.sqrt(mus.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
      assert.ok(Math.abs(s.energyPred - mean) <= 1e-6 && Math.abs(s.energyStd - sd) <= 1e-6, `${set} ${s.name}: ${s.energyPred} ± ${s.energyStd} vs ${mean} ± ${sd}`);
    });
  }

  // One ordinary ensemble run: events, report, a model that predict reloads.
  const events = readEventLines(join(jobs, 'events.ndjson'));
  const started = events.find((e) => e.type === 'started');
  assert.ok(started?.type === 'started' && started.members === 3 && started.method === 'ensemble');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 8);
  assert.equal(events.at(-1)?.type, 'finished');
  const report = JSON.parse(readFileSync(join(jobs, 'report.uqreport.json'), 'utf8')) as { method: { members: number } };
  assert.equal(report.method.members, 3);
  let out = '';
  const code = await runPredict(['--run', jobs, '--json', '--raw', TIO2_ARCHIVE], { out: (t) => { out += t; }, err: () => {} });
  assert.equal(code, 0, out);
  const doc = JSON.parse(out) as { model: { members: number }; structures: { name: string; energyPerAtom: { mu: number; sigma: number } }[] };
  assert.equal(doc.model.members, 3);
  for (const s of merged.sets.test!.structures) {
    const p = doc.structures.find((x) => x.name === s.name)!;
    assert.ok(Math.abs(p.energyPerAtom.mu - s.energyPred) < 1e-5 && Math.abs(p.energyPerAtom.sigma - s.energyStd) < 1e-5, s.name);
  }

  const inproc = join(dir, 'inproc');
  assert.equal((await runTraining({ configFile: cfg, runDir: inproc, threads: 1 })).status, 'completed');
  // The precondition of the equality: the in-process ensemble's best epoch (one for all members) is theirs too.
  const fin = readEventLines(join(inproc, 'events.ndjson')).filter((e) => e.type === 'finished').pop();
  assert.equal(fin?.type === 'finished' && fin.bestEpoch, 8);
  assertSameAsInProcess(jobs, inproc);
});

test('a killed --members-as-jobs run resumes: the finished member is kept, the interrupted one continues from its checkpoint', async () => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'members-kill-'));
  const cfg = writeConfig(dir, 200);
  const jobs = join(dir, 'jobs');
  const [m1, m2, m3] = memberDirs(jobs);
  const child = spawn(process.execPath, [CLI, 'train', cfg, '--members-as-jobs', '--parallel', '1', '--run-dir', jobs], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  for (let i = 0; i < 600 && !(/member 1: completed/.test(err) && existsSync(join(m2, 'checkpoint.json'))); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(join(m2, 'checkpoint.json')), err);
  process.kill(-child.pid!, 'SIGKILL'); // the run and its member processes, as a crash or an OOM kill would
  await closed;
  assert.ok(!existsSync(join(jobs, 'model.json')) && !existsSync(join(m3, 'events.ndjson')), 'killed before the end');
  const kept = readFileSync(join(m1, 'events.ndjson'), 'utf8');

  const r = spawnSync(process.execPath, [CLI, 'train', cfg, '--members-as-jobs', '--parallel', '1', '--run-dir', jobs, '--resume'], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /member 1: finished before; kept, not retrained/);
  assert.match(r.stderr, /3 members as separate jobs on local \(1 process\): 2 to train, 1 kept/);
  assert.match(r.stderr, /member 2: started \(resumed from epoch \d+\)/);
  assert.doesNotMatch(r.stderr, /member 1: started/);
  assert.equal(readFileSync(join(m1, 'events.ndjson'), 'utf8'), kept, 'member 1 was not trained again');
  const again = spawnSync(process.execPath, [CLI, 'train', cfg, '--members-as-jobs', '--run-dir', jobs, '--resume'], { encoding: 'utf8', timeout: 60_000 });
  assert.match(again.stderr, /already finished; nothing to resume/);

  // The resumed member equals member 2 trained without a break (each member keeps its own best epoch, so
  // over 200 epochs the in-process ensemble, which picks one epoch for all, is not the reference here).
  const alone = join(dir, 'member-2-alone');
  assert.equal((await runTraining({ configFile: cfg, runDir: alone, threads: 1, member: 1 })).status, 'completed');
  const P = theta(alone).length;
  assert.equal(maxDiff(theta(m2), theta(alone)), 0);
  assert.equal(maxDiff(theta(jobs).subarray(P, 2 * P), theta(alone)), 0);
  assert.equal(readEventLines(join(jobs, 'events.ndjson')).filter((e) => e.type === 'epoch').length, 200);
});
