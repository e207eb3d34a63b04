/**
 * Runs with a given test set, fitted reference energies, a time budget, a split read back from an
 * earlier run, element-aware splitting on QM7, and predict --run reporting errors on inputs that carry
 * energies. The given sets are made at test time from the shipped TiO2 archive (mlearn-style train and
 * test files), so no data blobs are committed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipLocated } from '../../src/core/structures/gzip';
import { readTar } from '../../src/core/structures/tar';
import { readStructures } from '../../src/core/structures/read';
import { validateReport } from '../../src/core/report/validate-report';
import { runPredict } from '../../src/runner/commands/predict';
import { runTraining } from '../../src/runner/train-run';
import type { UqReport } from '../../src/protocol/report';
import { TIO2_ARCHIVE } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

type Split = Record<'train' | 'validation' | 'test', string[]> & { source: Record<string, string>; moved?: { name: string; from: string; elements: string[] }[]; referenceEnergies?: { values: Record<string, number>; fitted: string[]; structures: number } };

/** train/ holds the archive's first 40 XSF members, test/ the next 12. */
function mlearnLike(): string {
  const work = mkdtempSync(join(tmpdir(), 'mlip-given-run-'));
  const members = readTar(gunzipLocated(readFileSync(TIO2_ARCHIVE), TIO2_ARCHIVE), TIO2_ARCHIVE).filter((m) => m.name.endsWith('.xsf'));
  for (const d of ['train', 'test']) mkdirSync(join(work, d));
  members.slice(0, 40).forEach((m, i) => writeFileSync(join(work, 'train', `s${i}.xsf`), m.data));
  members.slice(40, 52).forEach((m, i) => writeFileSync(join(work, 'test', `t${i}.xsf`), m.data));
  return work;
}

const BODY = `descriptor: { radial_cutoff: 4.0, radial_order: 3, angular_cutoff: 3.0, angular_order: 2 }
method: { type: ensemble, ensemble: { members: 2 } }
evaluation: { calibration_every: 0 }`;

test('a given test set stays the test set, reference energies are fitted on training, and the report says where each set came from', async (t) => {
  const work = mlearnLike();
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const cfg = join(work, 'given.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: train
  test_structures: test
  reference_energies: fit
${BODY}
training: { epochs: 3, batch_size: 8, backend: wasm }
`);
  const dir = join(work, 'run1');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'completed', r.message);
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Split;
  assert.deepEqual([...split.test].sort(), Array.from({ length: 12 }, (_, i) => join('test', `t${i}.xsf`)).sort());
  assert.equal(split.train.length + split.validation.length, 40);
  assert.equal(split.validation.length, 4); // 40 · 0.1/(0.8 + 0.1), rounded
  assert.deepEqual(split.source, { train: 'drawn from data.structures (seed 1)', validation: 'drawn from data.structures (seed 1)', test: 'given: test' });
  const fit = split.referenceEnergies!;
  assert.deepEqual(fit.fitted, ['O', 'Ti']);
  assert.equal(fit.structures, 36);

  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(model.reference ?? model.payload?.reference, fit.values);
  const report = JSON.parse(readFileSync(join(dir, 'report.uqreport.json'), 'utf8')) as UqReport;
  validateReport(report); // throws unless the report (its new fields included) follows the schema
  assert.equal(report.producer.split.source?.test, 'given: test');
  assert.deepEqual(report.producer.referenceEnergies?.values, fit.values);
  assert.ok(report.notes?.some((n) => n.startsWith('reference energies fitted on 36 training structures')));
  assert.equal(report.metrics.test?.energy?.raw.metrics.count, 12);

  // predict on the given test files: the errors are the report's test errors (raw σ, same model and references).
  let out = '';
  const code = await runPredict(['--run', dir, '--json', '--raw', join(work, 'test')], { out: (s) => { out += s; }, err: () => {} });
  assert.equal(code, 0, out);
  const doc = JSON.parse(out) as { errors: { energy: { mae: number; rmse: number; mace: number; structures: number } } };
  const raw = report.metrics.test!.energy!.raw.metrics;
  assert.equal(doc.errors.energy.structures, 12);
  assert.ok(Math.abs(doc.errors.energy.mae - raw.mae) < 1e-9, `${doc.errors.energy.mae} vs ${raw.mae}`);
  assert.ok(Math.abs(doc.errors.energy.rmse - raw.rmse) < 1e-9);
  assert.ok(Math.abs(doc.errors.energy.mace - raw.mace) < 1e-9);
  // Two inputs: each is a group of the breakdown (here the training and the test folder).
  let both = '';
  await runPredict(['--run', dir, '--json', '--raw', join(work, 'train'), join(work, 'test')], { out: (s) => { both += s; }, err: () => {} });
  const groups = (JSON.parse(both) as { errors: { groups: Record<string, { structures: number; energy: { mae: number } }> } }).errors.groups;
  assert.deepEqual(Object.keys(groups).sort(), [join(work, 'test'), join(work, 'train')].sort());
  assert.equal(groups[join(work, 'train')].structures, 40);
  assert.ok(Math.abs(groups[join(work, 'test')].energy.mae - raw.mae) < 1e-9);
  let text = '';
  await runPredict(['--run', dir, join(work, 'test')], { out: () => {}, err: (s) => { text += s; } });
  assert.match(text, /errors against the reference energies in the inputs \(12 structures; calibration of the (raw|recalibrated) σ\)/);
  assert.match(text, /energy\s+MAE\s+[\d.]+\s+RMSE\s+[\d.]+\s+max\s+[\d.]+ meV\/atom\s+MACE [\d.]+\s+PICP95 [\d.]+ %\s+\(12\)/);

  // A second run on the first run's split.json trains on exactly that split.
  const cfg2 = join(work, 'again.mlip.yaml');
  writeFileSync(cfg2, readFileSync(cfg, 'utf8').replace('  test_structures: test\n', `  test_structures: test\n  split_file: ${JSON.stringify(join(dir, 'split.json'))}\n`).replace('epochs: 3', 'epochs: 1'));
  const dir2 = join(work, 'run2');
  assert.equal((await runTraining({ configFile: cfg2, runDir: dir2 })).status, 'completed');
  const split2 = JSON.parse(readFileSync(join(dir2, 'split.json'), 'utf8')) as Split;
  for (const s of ['train', 'validation', 'test'] as const) {
    assert.deepEqual(split2[s], split[s], s);
    assert.equal(split2.source[s], `split file ${join(dir, 'split.json')}`);
  }
  assert.deepEqual(split2.referenceEnergies!.values, fit.values);
});

test('training.time_budget_minutes ends the run after the epoch that passes it, with the best model and a report', async (t) => {
  const work = mlearnLike();
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const cfg = join(work, 'budget.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: train
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
${BODY}
training: { epochs: 50, batch_size: 8, backend: wasm, time_budget_minutes: 0.00001 }
`);
  const dir = join(work, 'run');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'time-budget', r.message);
  const events = readEventsFile(dir);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 1);
  const finished = events.find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished' && finished.stopped === 'time-budget' && finished.report === 'report.uqreport.json');
});

test('QM7 with seed 75 (50/25/25): an S molecule moves from validation into training, with a warning and a note', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-qm7-s-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const archive = join(__dirname, '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
  const cfg = join(work, 'qm7.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: ${JSON.stringify(archive)}
  energies: { file: ${JSON.stringify(archive)}, member: hof_qm7.txt, units: kcal/mol }
  reference_energies: { H: 0, C: 0, N: 0, O: 0, S: 0 }
  split: { train: 0.5, validation: 0.25, test: 0.25, seed: 75 }
descriptor: { radial_cutoff: 6.0, radial_order: 4, angular_cutoff: 4.0, angular_order: 2 }
method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 2, batch_size: 8, backend: wasm }
evaluation: { calibration_every: 0 }
`);
  const dir = join(work, 'run');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'completed', r.message);
  const warnings = readEventsFile(dir).flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^.*qm7\/\d{4}\.xyz#0 moved from validation to training: S had no atom in training \(listed in split\.json\)$/);
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Split;
  assert.equal(split.moved?.length, 1);
  assert.deepEqual([split.moved![0].from, split.moved![0].elements], ['validation', ['S']]);
  assert.ok(split.train.includes(split.moved![0].name));
  assert.deepEqual([split.train.length, split.validation.length, split.test.length], [21, 9, 10]);
  const report = JSON.parse(readFileSync(join(dir, 'report.uqreport.json'), 'utf8')) as UqReport;
  assert.deepEqual(report.producer.split.moved, split.moved);
  assert.ok(report.notes?.some((n) => n.includes('moved into training so that every element has training atoms')));
});

/** A GAP/MACE-style training file: REF_energy, REF_forces and a config_type per frame. */
function gapStyle(structures: ReturnType<typeof readStructures>, type: (i: number) => string): string {
  return structures.map((s, i) => {
    const atoms = s.species.map((el, a) => `${el} ${[0, 1, 2].map((c) => s.positions[3 * a + c]).join(' ')} ${[0, 1, 2].map((c) => s.forces![3 * a + c]).join(' ')}`);
    return `${s.species.length}\nLattice="${Array.from(s.cell!).join(' ')}" Properties=species:S:1:pos:R:3:REF_forces:R:3 REF_energy=${s.energy} config_type=${type(i)} pbc="T T T"\n${atoms.join('\n')}\n`;
  }).join('');
}

test('GAP/MACE extended XYZ (REF_energy, REF_forces, config_type) and index files: the run reads the REF_ keys, splits by index, and reports errors per group and per element', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-gap-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const all = readStructures(TIO2_ARCHIVE).slice(0, 30);
  writeFileSync(join(work, 'train.xyz'), gapStyle(all, (i) => (i % 3 === 0 ? 'surface' : 'bulk')));
  writeFileSync(join(work, 'train.txt'), Array.from({ length: 20 }, (_, i) => i).join('\n'));
  writeFileSync(join(work, 'val.txt'), '20, 21, 22, 23, 24');
  writeFileSync(join(work, 'test.txt'), '25 26 27 28 29');
  const cfg = join(work, 'gap.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: train.xyz
  format: xyz
  split_file: { train: train.txt, validation: val.txt, test: test.txt }
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
${BODY}
training: { epochs: 2, batch_size: 8, backend: wasm, force_weight: 0.1 }
`);
  const dir = join(work, 'run');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'completed', r.message);
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Split;
  assert.deepEqual(split.test, [25, 26, 27, 28, 29].map((i) => `train.xyz#${i}`));
  assert.deepEqual(split.validation, [20, 21, 22, 23, 24].map((i) => `train.xyz#${i}`));
  assert.equal(split.source.train, 'index file train.txt');
  const report = JSON.parse(readFileSync(join(dir, 'report.uqreport.json'), 'utf8')) as UqReport;
  // The REF_ values are the truth: the archive's energies per atom, with the given references.
  const t25 = report.predictions.test!.structures.find((s) => s.name === 'train.xyz#25')!;
  const s25 = all[25];
  const cohesive = s25.energy! - s25.species.reduce((a, el) => a + (el === 'O' ? -432.503149303 : -1604.604515075), 0);
  assert.ok(Math.abs(t25.energyTrue - cohesive / s25.species.length) < 1e-9);
  assert.equal(t25.group, 'bulk');
  const b = report.breakdown!.test!;
  assert.deepEqual(Object.keys(b.groups!).sort(), ['bulk', 'surface']);
  assert.equal(b.groups!.surface.structures, 1); // of 25–29 only 27 is a multiple of 3
  assert.deepEqual(Object.keys(b.forcesByElement!), ['O', 'Ti']);
  const forceCount = report.metrics.test!.forces!.raw.metrics.count;
  assert.equal(b.forcesByElement!.O.count + b.forcesByElement!.Ti.count, forceCount);
  assert.equal((b.groups!.bulk.forces?.count ?? 0) + (b.groups!.surface.forces?.count ?? 0), forceCount);
});
