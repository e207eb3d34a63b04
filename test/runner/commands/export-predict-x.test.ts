/**
 * Potentials exported by `mlip-uq export --format aenet` evaluated by aenet's own predict.x (aenet 2.0.4
 * built from its public source with gfortran, test/bench/references/setup.ts): the same energies and forces
 * as `predict --run` on 100 structures of the shipped archive, and every ensemble member's files the same
 * energies as our reader of aenet's format gives them. Skipped, with the reason printed, where aenet's
 * source or gfortran is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPredict } from '../../../src/runner/commands/predict';
import { exportAenet } from '../../../src/runner/commands/export';
import { runTraining } from '../../../src/runner/train-run';
import { loadAenetPotential } from '../../../src/core/aenet/read-potential';
import { createAenetModel } from '../../../src/core/aenet/model';
import { AenetPredictor } from '../../../src/core/aenet/predictor';
import { readStructures } from '../../../src/core/structures/read';
import { aenetWorkdir } from '../../bench/references/aenet-generate';
import { runPredictX } from '../../bench/references/aenet-predict';
import { captureOutput } from '../../helpers/command-output';
import { TIO2_ARCHIVE, writeTinyTio2Config } from '../../helpers/tiny-tio2-config';

async function train(work: string, name: string, body: string): Promise<string> {
  const cfg = writeTinyTio2Config(join(work, `${name}.mlip.yaml`), { limit: 30, body: `${body}
training: { epochs: 2, batch_size: 8, backend: wasm, force_weight: 0.1 }
evaluation: { calibration_every: 0 }` });
  const dir = join(work, name);
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  return dir;
}

test('aenet predict.x on exported potentials gives predict --run\'s energies (1e-6 eV/atom) and forces (1e-5 eV/Å) on 100 structures, and each ensemble member\'s', async (t) => {
  const w = aenetWorkdir(TIO2_ARCHIVE);
  if ('absent' in w || !w.aenet.predict) {
    const why = 'absent' in w ? w.absent : `predict.x missing from the aenet build (${w.aenet.generate}); remove .cache/aenet and rerun`;
    console.log(`aenet predict.x reference absent: ${why}`);
    t.skip(why);
    return;
  }
  const predictX = w.aenet.predict;
  const files = w.files.slice(0, 100);
  const work = mkdtempSync(join(tmpdir(), 'mlip-export-px-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const abs = (out: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([el, f]) => [el, join(out, f)]));

  // Deterministic network: predict.x against predict --run (the trained model through tfjs).
  const det = await train(work, 'det', 'method: { type: deterministic }');
  const detOut = join(work, 'det-aenet');
  const m = exportAenet(det, detOut);
  const px = runPredictX(predictX, join(work, 'px-det'), abs(detOut, m.sets[0].files), files);
  assert.ok(!('absent' in px), 'absent' in px ? px.absent : '');
  assert.equal(px.length, 100);
  const io = captureOutput();
  assert.equal(await runPredict(['--run', det, '--json', '--forces', '--raw', ...files], io), 0, io.stderr);
  const ours = (JSON.parse(io.stdout) as { structures: { atoms: number; energy: { total: number }; energyPerAtom: { mu: number }; forces: { mu: number[] } }[] }).structures;
  let worstE = 0;
  let worstF = 0;
  ours.forEach((o, i) => {
    worstE = Math.max(worstE, Math.abs(o.energyPerAtom.mu - px[i].cohesiveEnergy / o.atoms), Math.abs(o.energy.total - px[i].totalEnergy) / o.atoms);
    assert.equal(px[i].forces.length, 3 * o.atoms);
    px[i].forces.forEach((f, c) => { worstF = Math.max(worstF, Math.abs(f - o.forces.mu[c])); });
  });
  console.log(`predict.x vs predict --run (${w.aenet.source}): worst |ΔE| ${worstE.toExponential(2)} eV/atom, worst |ΔF| ${worstF.toExponential(2)} eV/Å over 100 structures`);
  assert.ok(worstE < 1e-6, `energy differs by ${worstE} eV/atom`);
  assert.ok(worstF < 1e-5, `force differs by ${worstF} eV/Å`);

  // A 3-member committee: every member's files, predict.x against our float64 evaluation of the same files.
  const ens = await train(work, 'ens', 'method: { type: ensemble, ensemble: { members: 3 } }');
  const ensOut = join(work, 'ens-aenet');
  const me = exportAenet(ens, ensOut);
  const structures = readStructures(files, { requireEnergy: false });
  for (const set of me.sets) {
    const r = runPredictX(predictX, join(work, `px-${set.label}`), abs(ensOut, set.files), files);
    assert.ok(!('absent' in r), 'absent' in r ? r.absent : '');
    const predictor = new AenetPredictor(createAenetModel(Object.values(abs(ensOut, set.files)).map((f) => loadAenetPotential(f))));
    let worst = 0;
    structures.forEach((s, i) => { worst = Math.max(worst, Math.abs(predictor.predict(s).cohesiveEnergy - r[i].cohesiveEnergy) / s.species.length); });
    console.log(`predict.x vs our reader, ${set.label}: worst |ΔE| ${worst.toExponential(2)} eV/atom`);
    // predict.x prints 8 decimals of the structure's energy.
    assert.ok(worst < 1e-8, `${set.label}: energy differs by ${worst} eV/atom`);
  }
});
