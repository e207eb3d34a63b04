/**
 * `mlip-uq export --format aenet`: a trained run as aenet `.nn` files that `predict --aenet-potential` (our
 * exact reader of aenet's format) evaluates to what `predict --run` gives, on 100 structures of the shipped
 * archive: deterministic through both CLIs, and every ensemble member, the BNN posterior mean and a drawn
 * BNN weight set against our own model evaluated with that single weight set.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runPredict } from '../../../src/runner/commands/predict';
import { runExport, type ExportManifest } from '../../../src/runner/commands/export';
import { runTraining } from '../../../src/runner/train-run';
import { decodeModel, type SavedModel } from '../../../src/core/models/saved-model';
import { createModel } from '../../../src/core/estimators/create-model';
import { estimatorOf } from '../../../src/core/estimators/registry';
import { makeLayout } from '../../../src/core/models/layout';
import { weightSetNoise } from '../../../src/core/models/weight-noise';
import { Rng } from '../../../src/core/rng';
import { Featurizer } from '../../../src/core/descriptors/featurize';
import { makeSample } from '../../../src/core/data/samples';
import { predictSamples } from '../../../src/core/training/evaluate';
import { readStructures } from '../../../src/core/structures/read';
import { loadAenetPotential } from '../../../src/core/aenet/read-potential';
import { createAenetModel } from '../../../src/core/aenet/model';
import { AenetPredictor } from '../../../src/core/aenet/predictor';
import type { Structure } from '../../../src/core/structures/types';
import { captureOutput } from '../../helpers/command-output';
import { TIO2_ARCHIVE, writeTinyTio2Config } from '../../helpers/tiny-tio2-config';

const E_TOL = 1e-6; // eV/atom
const F_TOL = 1e-5; // eV/Å

const work = mkdtempSync(join(tmpdir(), 'mlip-export-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The first 100 structures of the shipped archive as loose XSF files (sorted names), for both CLIs. */
function hundredFiles(): string[] {
  const dir = join(work, 'xsf');
  if (!existsSync(dir)) {
    const r = spawnSync('sh', ['-c', `mkdir -p '${dir}' && tar -xzf '${TIO2_ARCHIVE}' -C '${dir}'`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const sub = join(dir, 'dir_xsf');
  return readdirSync(sub).filter((f) => f.endsWith('.xsf')).sort().slice(0, 100).map((f) => join(sub, f));
}

async function train(name: string, body: string, env?: string[]): Promise<string> {
  const cfg = writeTinyTio2Config(join(work, `${name}.mlip.yaml`), { limit: 30, env, body: `${body}
training: { epochs: 2, batch_size: 8, backend: wasm, force_weight: 0.1 }
evaluation: { calibration_every: 0 }` });
  const dir = join(work, name);
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  return dir;
}

async function exportRun(run: string, extra: string[] = []): Promise<{ out: string; manifest: ExportManifest }> {
  const out = join(work, `${run.split('/').pop()}-aenet`);
  const io = captureOutput();
  assert.equal(await runExport(['--run', run, '--format', 'aenet', '--out', out, '--json', ...extra], io), 0, io.stderr);
  return { out, manifest: JSON.parse(io.stdout) as ExportManifest };
}

/** Our own model evaluated with one weight set θ (a deterministic network of the run's shape). */
function ourPrediction(saved: SavedModel, theta: Float32Array, structures: Structure[]) {
  const spec = { ...saved.spec, kind: 'deterministic' as const, members: 1, heteroscedastic: false };
  const model = createModel(spec);
  model.importParams({ theta });
  const featurizer = new Featurizer(saved.setups);
  const items = structures.map((s) => makeSample(s, featurizer.featurize(s, { derivatives: true }), spec.elements, saved.reference, saved.normalisation, false));
  const preds = predictSamples(model, items, saved.standardisation, saved.normalisation, { forces: true, samples: 1, seed: 1, ddof: 0, observationNoise: null });
  model.dispose();
  return preds;
}

function compareWithAenet(dir: string, files: Record<string, string>, saved: SavedModel, theta: Float32Array, structures: Structure[], label: string) {
  const predictor = new AenetPredictor(createAenetModel(Object.values(files).map((f) => loadAenetPotential(join(dir, f)))));
  const ours = ourPrediction(saved, theta, structures);
  let worstE = 0;
  let worstF = 0;
  structures.forEach((s, i) => {
    const a = predictor.predict(s, { forces: true });
    const n = s.species.length;
    worstE = Math.max(worstE, Math.abs(a.cohesiveEnergy - ours[i].energy.mu) / n);
    ours[i].forces!.mu.forEach((f, c) => { worstF = Math.max(worstF, Math.abs(a.forces![c] - f)); });
  });
  assert.ok(worstE < E_TOL, `${label}: energy differs by ${worstE} eV/atom`);
  assert.ok(worstF < F_TOL, `${label}: force differs by ${worstF} eV/Å`);
  return { worstE, worstF };
}

test('a deterministic run exported to aenet: predict --aenet-potential equals predict --run on 100 structures (1e-6 eV/atom, 1e-5 eV/Å)', async () => {
  const run = await train('det', 'method: { type: deterministic }');
  const { out, manifest } = await exportRun(run);
  assert.deepEqual(manifest.sets.map((s) => s.label), ['network']);
  assert.deepEqual(manifest.sets[0].files, { O: 'network/O.15t-15t.nn', Ti: 'network/Ti.15t-15t.nn' });
  assert.ok(manifest.maxInputScaleError < 1e-12, `input scale off by ${manifest.maxInputScaleError}`);
  const readme = readFileSync(join(out, 'README.md'), 'utf8');
  assert.match(readme, /pair_style aenet O\.15t-15t\.nn Ti\.15t-15t\.nn\npair_coeff \* \*/);
  assert.match(readme, /ANNCalculator\(\{'O': 'network\/O\.15t-15t\.nn', 'Ti': 'network\/Ti\.15t-15t\.nn'\}\)/);

  const files = hundredFiles();
  const ioRun = captureOutput();
  assert.equal(await runPredict(['--run', run, '--json', '--forces', '--raw', ...files], ioRun), 0, ioRun.stderr);
  const ioAenet = captureOutput();
  const pots = manifest.elements.map((el) => `--aenet-potential=${el}=${join(out, manifest.sets[0].files[el])}`);
  assert.equal(await runPredict([...pots, '--json', '--forces', ...files], ioAenet), 0, ioAenet.stderr);
  const ours = (JSON.parse(ioRun.stdout) as { structures: { atoms: number; energy: { total: number }; energyPerAtom: { mu: number }; forces: { mu: number[] } }[] }).structures;
  const theirs = (JSON.parse(ioAenet.stdout) as { structures: { natoms: number; energy: number; cohesiveEnergyPerAtom: number; atoms: { force: number[] }[] }[] }).structures;
  assert.equal(ours.length, 100);
  assert.equal(theirs.length, 100);
  let worstE = 0;
  let worstF = 0;
  ours.forEach((o, i) => {
    const t = theirs[i];
    worstE = Math.max(worstE, Math.abs(o.energyPerAtom.mu - t.cohesiveEnergyPerAtom), Math.abs(o.energy.total - t.energy) / o.atoms);
    t.atoms.forEach((a, k) => a.force.forEach((f, c) => { worstF = Math.max(worstF, Math.abs(f - o.forces.mu[3 * k + c])); }));
  });
  console.log(`deterministic: worst |ΔE| ${worstE.toExponential(2)} eV/atom, worst |ΔF| ${worstF.toExponential(2)} eV/Å over 100 structures`);
  assert.ok(worstE < E_TOL, `energy differs by ${worstE} eV/atom`);
  assert.ok(worstF < F_TOL, `force differs by ${worstF} eV/Å`);
});

test('a 3-member ensemble exports one potential set per member, each equal to that member of the run, their mean to predict --run\'s μ (100 structures)', async () => {
  const run = await train('ens', 'method: { type: ensemble, ensemble: { members: 3 } }', ['Ti', 'O']);
  const { out, manifest } = await exportRun(run);
  assert.deepEqual(manifest.sets.map((s) => [s.label, s.role]), [['member-1', 'member'], ['member-2', 'member'], ['member-3', 'member']]);
  assert.match(readFileSync(join(out, 'README.md'), 'utf8'), /committee/);
  const saved = decodeModel(readFileSync(join(run, 'model.json'), 'utf8'), 'model.json');
  const P = makeLayout(saved.spec.elements, saved.spec.dims, saved.spec.hidden).size;
  const structures = readStructures(hundredFiles(), { requireEnergy: false });
  manifest.sets.forEach((s, m) => {
    const r = compareWithAenet(out, s.files, saved, saved.params.theta.slice(m * P, (m + 1) * P), structures, s.label);
    console.log(`${s.label}: worst |ΔE| ${r.worstE.toExponential(2)} eV/atom, |ΔF| ${r.worstF.toExponential(2)} eV/Å`);
  });
  // The committee's mean is the ensemble's μ that predict --run prints.
  const io = captureOutput();
  assert.equal(await runPredict(['--run', run, '--json', '--forces', '--raw', ...hundredFiles()], io), 0, io.stderr);
  const mu = (JSON.parse(io.stdout) as { structures: { energyPerAtom: { mu: number }; forces: { mu: number[] } }[] }).structures;
  const committee = manifest.sets.map((s) => new AenetPredictor(createAenetModel(Object.values(s.files).map((f) => loadAenetPotential(join(out, f))))));
  let worstE = 0;
  let worstF = 0;
  structures.forEach((st, i) => {
    const preds = committee.map((c) => c.predict(st, { forces: true }));
    const n = st.species.length;
    worstE = Math.max(worstE, Math.abs(preds.reduce((a, p) => a + p.cohesiveEnergy, 0) / preds.length / n - mu[i].energyPerAtom.mu));
    mu[i].forces.mu.forEach((f, c) => { worstF = Math.max(worstF, Math.abs(preds.reduce((a, p) => a + p.forces![c], 0) / preds.length - f)); });
  });
  console.log(`committee mean vs predict --run μ: worst |ΔE| ${worstE.toExponential(2)} eV/atom, |ΔF| ${worstF.toExponential(2)} eV/Å`);
  assert.ok(worstE < E_TOL, `committee energy differs by ${worstE} eV/atom`);
  assert.ok(worstF < F_TOL, `committee force differs by ${worstF} eV/Å`);
});

test('a BNN exports its posterior mean and --samples N drawn weight sets, each equal to our model with that weight set', async () => {
  const run = await train('bnn', 'method: { type: bnn, bnn: { predict_samples: 4 } }');
  const { out, manifest } = await exportRun(run, ['--samples', '2', '--seed', '5']);
  assert.deepEqual(manifest.sets.map((s) => s.label), ['mean', 'sample-1', 'sample-2']);
  const saved = decodeModel(readFileSync(join(run, 'model.json'), 'utf8'), 'model.json');
  const structures = readStructures(hundredFiles(), { requireEnergy: false });
  compareWithAenet(out, manifest.sets[0].files, saved, saved.params.mu, structures, 'mean');
  // The drawn set is θ = μ + exp(ρ)·v with the BNN's own noise from seed 5, in float32.
  const layout = makeLayout(saved.spec.elements, saved.spec.dims, saved.spec.hidden);
  const { v } = weightSetNoise(layout, 2, new Rng(5), estimatorOf(saved.spec).radialWeightSets);
  const theta = new Float32Array(layout.size);
  for (let i = 0; i < layout.size; i++) theta[i] = saved.params.mu[i] + Math.exp(saved.params.rho[i]) * v[layout.size + i];
  compareWithAenet(out, manifest.sets[2].files, saved, theta, structures, 'sample-2');
});

test('export refuses what aenet cannot hold, with located errors', async () => {
  const run = join(work, 'det');
  await assert.rejects(runExport(['--run', run, '--format', 'aenet', '--out', join(work, 'x'), '--samples', '2'], captureOutput()),
    /sampled weight sets are for BNNs; this model is a deterministic network \(--samples\)/);
  await assert.rejects(runExport(['--run', run, '--format', 'onnx', '--out', join(work, 'x')], captureOutput()), /unknown export format "onnx" \(--format\); expected aenet/);
  await assert.rejects(runExport(['--run', join(work, 'nothing'), '--format', 'aenet', '--out', join(work, 'x')], captureOutput()), /no trained model in the run directory/);
  const io = captureOutput();
  assert.equal(await runExport(['--run', run, '--out', join(work, 'x')], io), 2);
  assert.match(io.stderr, /missing --format/);
});
