/**
 * `mlip-uq select`: a trained ensemble ranks an unlabelled pool by σ; the picks are exactly the structures
 * `predict --run` gives the largest σ, and the extended XYZ written for DFT holds their atoms and σ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '../../../src/core/structures/extxyz';
import { readStructures } from '../../../src/core/structures/read';
import { runPredict } from '../../../src/runner/commands/predict';
import { runSelect } from '../../../src/runner/commands/select';
import { runTraining } from '../../../src/runner/train-run';
import { TIO2_ARCHIVE as archive, writeTinyEnsembleConfig } from '../../helpers/tiny-tio2-config';
import { captureOutput as capture } from '../../helpers/command-output';

test('select --strategy sigma picks the pool\'s largest σ per atom and writes them as extended XYZ', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-select-'));
  try {
    const cfg = writeTinyEnsembleConfig(join(work, 'e.mlip.yaml'), { members: 3, epochs: 3 });
    const run = join(work, 'run');
    assert.equal((await runTraining({ configFile: cfg, runDir: run })).status, 'completed');
    const p = capture();
    assert.equal(await runPredict(['--run', run, '--json', archive], p), 0, p.stderr);
    const doc = JSON.parse(p.stdout) as { structures: { name: string; energyPerAtom: { sigma: number } }[] };
    const expected = [...doc.structures].sort((a, b) => b.energyPerAtom.sigma - a.energyPerAtom.sigma).slice(0, 4);
    const out = join(work, 'picks.extxyz');
    const io = capture();
    assert.equal(await runSelect(['--run', run, archive, '--count', '4', '--json', '--out', out], io), 0, io.stderr);
    const picks = (JSON.parse(io.stdout) as { pool: number; picks: { rank: number; name: string; sigmaEnergyPerAtom: number }[] });
    assert.equal(picks.pool, 1000);
    assert.deepEqual(picks.picks.map((x) => x.name), expected.map((x) => x.name));
    for (const [i, x] of picks.picks.entries()) assert.ok(Math.abs(x.sigmaEnergyPerAtom - expected[i].energyPerAtom.sigma) <= 1e-6 * expected[i].energyPerAtom.sigma + 1e-12);
    // The file: one frame per pick, in rank order, with the source's atoms and its σ.
    const frames = parseExtxyz(readFileSync(out, 'utf8'), out, 'eV', { requireEnergy: false });
    const originals = readStructures([archive], { requireEnergy: false });
    assert.equal(frames.length, 4);
    for (const [i, f] of frames.entries()) {
      const src = originals.find((s) => s.name === picks.picks[i].name)!;
      assert.deepEqual(f.species, src.species);
      assert.deepEqual(Array.from(f.positions), Array.from(src.positions));
    }
    assert.match(readFileSync(out, 'utf8').split('\n')[1], /selection_rank=1\.0 selection_strategy="sigma" sigma_energy_per_atom=/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('select: bad arguments are usage errors', async () => {
  const io = capture();
  assert.equal(await runSelect(['--run', 'x', archive, '--count', '3', '--strategy', 'best'], io), 2);
  assert.match(io.stderr, /--strategy best: expected sigma, sigma-diverse, random/);
  const io2 = capture();
  assert.equal(await runSelect(['--run', 'x', archive], io2), 2);
  assert.match(io2.stderr, /--count is required/);
});
