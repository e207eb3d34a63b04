/**
 * `method.ensemble.heteroscedastic: true` end to end: the run trains variance-predicting members (no
 * "not implemented" warning any more), says so in its started event and report, and the report's σ is the
 * members' Gaussian mixture: recomputed here from the saved model's per-member μ_m and σ_m, it includes
 * an aleatoric part beyond the members' spread. `predict --run` reproduces the report's σ, and a run
 * cancelled after two epochs resumes to the numbers of an uninterrupted one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { createModel } from '../../src/core/estimators/create-model';
import { decodeModel } from '../../src/core/models/saved-model';
import { predictSamples } from '../../src/core/training/evaluate';
import { makeSample } from '../../src/core/data/samples';
import { featurize } from '../../src/core/descriptors/featurize';
import { renderHtmlReport } from '../../src/core/report/html/html-report';
import { validateReport } from '../../src/core/report/validate-report';
import { readStructures } from '../../src/core/structures/read';
import { runPredict } from '../../src/runner/commands/predict';
import { runTraining } from '../../src/runner/train-run';
import { TIO2_ARCHIVE as archive, writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

const work = mkdtempSync(join(tmpdir(), 'mlip-hetero-'));
const cfg = writeTinyTio2Config(join(work, 'hetero.mlip.yaml'), { limit: 30, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 2, heteroscedastic: true } }
training: { epochs: 3, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 4 }
evaluation: { calibration_every: 0 }` });

const events = readEventsFile;

interface Recorded { name: string; atoms: number; energyPred: number; energyStd: number }
const testSet = (dir: string) => (JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8')) as { sets: { test: { structures: Recorded[] } } }).sets.test.structures;

test('a heteroscedastic run trains without the warning; its report σ is the mixture of the members\' μ_m and σ_m; predict --run reproduces it', async () => {
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  const ev = events(dir);
  assert.ok(!ev.some((e) => e.type === 'warning' && /heteroscedastic/.test(e.message)), 'no "not implemented" warning');
  assert.ok(ev[0].type === 'started' && ev[0].heteroscedastic === true, 'the started event names the method');
  const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'run-event.schema.json'), 'utf8')));
  for (const e of ev) assert.ok(validate(e), `${e.type}: ${JSON.stringify(validate.errors)}`);
  const report = validateReport(JSON.parse(readFileSync(join(dir, 'report.uqreport.json'), 'utf8')), 'report.uqreport.json');
  assert.equal(report.method.heteroscedastic, true);
  assert.match(renderHtmlReport(report), /2 heteroscedastic members/);

  // The members' own values, from the saved model, for the test structures the report lists.
  const recorded = testSet(dir);
  const saved = decodeModel(readFileSync(join(dir, 'model.json'), 'utf8'), 'model.json');
  assert.equal(saved.spec.heteroscedastic, true);
  const byName = new Map(readStructures(archive).map((s) => [s.name, s]));
  const samples = recorded.map((r) => {
    const s = byName.get(r.name)!;
    return makeSample(s, featurize(s, saved.setups), saved.spec.elements, saved.reference, saved.normalisation, false);
  });
  const model = createModel(saved.spec);
  model.importParams(saved.params);
  const members = predictSamples(model, samples, saved.standardisation, saved.normalisation, { forces: false, samples: 1, seed: 0, ddof: 0 });
  model.dispose();
  let aleatoricShare = 0;
  recorded.forEach((r, i) => {
    const { rows, rowVariances } = members[i];
    const n = r.atoms;
    const mu = (rows[0] + rows[1]) / 2;
    const spread = ((rows[0] - mu) ** 2 + (rows[1] - mu) ** 2) / 2;
    const aleatoric = (rowVariances![0] + rowVariances![1]) / 2;
    const sigma = Math.sqrt(aleatoric + spread) / n; // = √(mean(σ_m² + μ_m²) − μ²) per atom, without its cancellation
    assert.ok(Math.abs(r.energyStd - sigma) <= 1e-6 * sigma, `${r.name}: report σ ${r.energyStd}, mixture ${sigma}`);
    assert.ok(Math.abs(r.energyPred - mu / n) <= 1e-9 * Math.abs(mu / n));
    assert.ok(r.energyStd > Math.sqrt(spread) / n, `${r.name}: σ exceeds the members' spread`);
    aleatoricShare += aleatoric / (aleatoric + spread) / recorded.length;
  });
  assert.ok(aleatoricShare > 0.01, `the aleatoric part counts: ${aleatoricShare}`);

  let out = '';
  const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; } };
  assert.equal(await runPredict(['--run', dir, '--json', archive], io), 0, out);
  const doc = JSON.parse(out) as { model: { heteroscedastic?: boolean }; structures: { name: string; energyPerAtom: { mu: number; sigma: number; sigmaAleatoric: number; sigmaEpistemic: number } }[] };
  assert.equal(doc.model.heteroscedastic, true);
  for (const r of recorded) {
    const p = doc.structures.find((s) => s.name === r.name)!.energyPerAtom;
    assert.ok(Math.abs(p.mu - r.energyPred) < 1e-5, `${r.name}: μ ${p.mu} vs ${r.energyPred}`);
    assert.ok(Math.abs(p.sigma - r.energyStd) <= 1e-5 * r.energyStd, `${r.name}: σ ${p.sigma} vs ${r.energyStd}`);
    assert.ok(Math.abs(p.sigma ** 2 - p.sigmaAleatoric ** 2 - p.sigmaEpistemic ** 2) <= 1e-9 * p.sigma ** 2);
  }
});

test('a heteroscedastic run cancelled after two epochs resumes to the numbers of an uninterrupted run', async () => {
  const dir = join(work, 'cancelled');
  const cancel = { requested: false };
  const first = await runTraining({ configFile: cfg, runDir: dir, cancel, onEvent: (e) => { if (e.type === 'epoch' && e.epoch === 2) cancel.requested = true; } });
  assert.equal(first.status, 'cancelled');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir, resume: true })).status, 'completed');
  const straight = join(work, 'run');
  const lastEpoch = (d: string) => events(d).filter((e) => e.type === 'epoch').pop();
  const [a, b] = [lastEpoch(dir), lastEpoch(straight)];
  assert.ok(a?.type === 'epoch' && b?.type === 'epoch' && a.epoch === 3);
  assert.equal(a.trainLoss, b.trainLoss);
  assert.deepEqual(testSet(dir).map((r) => r.energyStd), testSet(straight).map((r) => r.energyStd));
});
