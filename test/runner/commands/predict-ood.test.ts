/**
 * Out-of-distribution flags of `predict --run`: the thresholds a run writes are the validation set's 95th
 * percentiles (recomputed here from predictions.json), a squeezed copy of a training structure is flagged with
 * its atoms named, and a structure with an element the model never saw is refused with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStructures } from '../../../src/core/structures/read';
import { extxyzFrame } from '../../../src/core/structures/write-extxyz';
import { runPredict } from '../../../src/runner/commands/predict';
import { runTraining } from '../../../src/runner/train-run';
import { captureOutput } from '../../helpers/command-output';
import { TIO2_ARCHIVE as archive, writeTinyTio2Config } from '../../helpers/tiny-tio2-config';

test('predict --run flags σ above the validation 95th percentile and names the atoms furthest from training', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-ood-'));
  try {
    const cfg = writeTinyTio2Config(join(work, 'e.mlip.yaml'), { limit: 60, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 3 } }
training: { epochs: 4, batch_size: 8, backend: wasm }
evaluation: { calibration_every: 0 }` });
    const run = join(work, 'run');
    assert.equal((await runTraining({ configFile: cfg, runDir: run })).status, 'completed');
    const t = JSON.parse(readFileSync(join(run, 'ood-thresholds.json'), 'utf8')) as { percentile: number; sigmaPerAtom: number; novelty: Record<string, number>; count: number };
    // The σ threshold: numpy's percentile of the validation σ per atom that predictions.json records.
    const val = (JSON.parse(readFileSync(join(run, 'predictions.json'), 'utf8')) as { sets: { validation: { structures: { energyStd: number }[] } } }).sets.validation.structures.map((s) => s.energyStd).sort((a, b) => a - b);
    const x = 0.95 * (val.length - 1);
    const p95 = val[Math.floor(x)] + (val[Math.ceil(x)] - val[Math.floor(x)]) * (x - Math.floor(x));
    assert.equal(t.percentile, 95);
    assert.equal(t.count, val.length);
    assert.ok(Math.abs(t.sigmaPerAtom - p95) <= 1e-6 * p95, `${t.sigmaPerAtom} vs ${p95}`);
    assert.deepEqual(Object.keys(t.novelty), ['O', 'Ti']);

    // A structure of the data, and the same squeezed to 60 %: its atoms sit far outside every descriptor range seen.
    const [s] = readStructures([archive], { requireEnergy: false }).slice(0, 1);
    const squeezed = { ...s, positions: s.positions.map((v) => 0.6 * v), cell: s.cell!.map((v) => 0.6 * v) };
    const file = join(work, 'pool.extxyz');
    writeFileSync(file, extxyzFrame(s) + extxyzFrame(squeezed));
    const io = captureOutput();
    assert.equal(await runPredict(['--run', run, '--json', file], io), 0, io.stderr);
    const doc = JSON.parse(io.stdout) as { outOfDistribution: { sigmaPerAtom: number }; structures: { outOfDistribution: { flagged: boolean; sigmaRatio: number; atoms: { element: string; ratio: number }[] } }[] };
    assert.equal(doc.outOfDistribution.sigmaPerAtom, t.sigmaPerAtom);
    const [plain, far] = doc.structures.map((x) => x.outOfDistribution);
    assert.equal(far.atoms.length, Math.min(5, s.species.length), 'every squeezed atom is unlike training; five are named');
    assert.ok(far.atoms.every((a) => a.ratio > 1));
    assert.ok(far.atoms.length > plain.atoms.length);
    assert.equal(far.flagged, far.sigmaRatio > 1);
    // The table says it in words.
    const text = captureOutput();
    assert.equal(await runPredict(['--run', run, file], text), 0);
    assert.match(text.stdout, /atoms unlike training: (Ti|O)\d+ \(\d+\.\d×\)/);
    assert.match(text.stderr, /out of distribution: σ per atom above .* eV\/atom \(the validation set's 95th percentile\)/);

    // An element the model has no network for.
    const sulfur = join(work, 's.extxyz');
    writeFileSync(sulfur, extxyzFrame({ ...s, species: s.species.map((e, i) => (i === 0 ? 'S' : e)) }));
    await assert.rejects(runPredict(['--run', run, sulfur], captureOutput()), /element S of the structures has no network in this model/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
