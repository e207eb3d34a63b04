/**
 * `mlip-uq predict --run RUN_DIR FILES…`: the trained model of a run, reloaded from model.json, predicts
 * new structures with σ, and gives the same μ and σ for the run's test structures as the run recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPredict } from '../../src/runner/commands/predict';
import { runTraining } from '../../src/runner/train-run';
import { TIO2_ARCHIVE as archive, writeTinyEnsembleConfig } from '../helpers/tiny-tio2-config';

test('predict --run reloads the trained ensemble and reproduces the run\'s test predictions with σ and forces', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-predict-'));
  const cfg = writeTinyEnsembleConfig(join(work, 'e.mlip.yaml'), { members: 2, epochs: 2 });
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  const recorded = JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8')) as { sets: { test: { structures: { name: string; energyPred: number; energyStd: number }[] } } };
  const test0 = recorded.sets.test.structures;
  let out = '';
  const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; } };
  const code = await runPredict(['--run', dir, '--json', '--forces', archive], io);
  assert.equal(code, 0, out);
  const doc = JSON.parse(out) as { model: { kind: string; members: number }; structures: { name: string; atoms: number; energyPerAtom: { mu: number; sigma: number }; forces: { mu: number[]; sigma: number[] } }[] };
  assert.equal(doc.model.kind, 'ensemble');
  assert.equal(doc.structures.length, 1000);
  for (const r of test0) {
    const p = doc.structures.find((s) => s.name === r.name)!;
    assert.ok(Math.abs(p.energyPerAtom.mu - r.energyPred) < 1e-5, `${r.name}: ${p.energyPerAtom.mu} vs ${r.energyPred}`);
    assert.ok(Math.abs(p.energyPerAtom.sigma - r.energyStd) < 1e-5 + 1e-3 * r.energyStd);
  }
  const s = doc.structures[999];
  assert.equal(s.forces.mu.length, 3 * s.atoms);
  assert.ok(s.forces.sigma.every((x) => x > 0));
});

test('predict --run on a directory without a model is a located error', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'mlip-predict-empty-'));
  await assert.rejects(runPredict(['--run', empty, archive], { out: () => {}, err: () => {} }), /no trained model in the run directory/);
});
