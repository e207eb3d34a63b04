/**
 * `predict --run` multiplies σ by the run's recalibration (energy; forces by each atom's element) and says
 * when the validation scale was far off; `--raw` gives the model's own σ. The run's report is edited to
 * known factors, so the expected σ ratios are exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPredict } from '../../src/runner/commands/predict';
import { runTraining } from '../../src/runner/train-run';
import { readStructures } from '../../src/core/structures/read';
import type { UqReport } from '../../src/protocol/report';
import { TIO2_ARCHIVE as archive, writeTinyEnsembleConfig } from '../helpers/tiny-tio2-config';

interface Doc {
  recalibration: { applied: boolean; method?: string; energyFactor: number; forceFactors: Record<string, number>; warnings: string[]; note?: string };
  structures: { name: string; energyPerAtom: { mu: number; sigma: number }; energy: { sigma: number }; forces: { sigma: number[] } }[];
}

test('predict --run applies the run\'s recalibration per quantity and element, warns in plain words, and --raw turns it off', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-predict-recal-'));
  const cfg = writeTinyEnsembleConfig(join(work, 'e.mlip.yaml'), { members: 2, epochs: 2 });
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  // Three structures to predict (Ti and O atoms in each).
  const xsf = join(work, 'xsf');
  execFileSync('mkdir', ['-p', xsf]);
  execFileSync('tar', ['-xzf', archive, '-C', xsf, 'dir_xsf/structure5063.xsf', 'dir_xsf/structure5601.xsf']);
  const files = [join(xsf, 'dir_xsf')];
  const structures = readStructures(files, { requireEnergy: false });
  assert.ok(structures.every((s) => s.species.includes('Ti') && s.species.includes('O')));

  const reportFile = join(dir, 'report.uqreport.json');
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as UqReport;
  report.recalibration = {
    energy: { scale: 15, fittedOn: 'validation', count: 40, method: 'scale', warning: 'x' },
    forces: { scale: 4, fittedOn: 'validation', count: 900, method: 'scale', perElement: { O: { scale: 0.25, count: 600 }, Ti: { scale: 3, count: 300 } } },
  };
  writeFileSync(reportFile, JSON.stringify(report));

  const run = async (extra: string[]) => {
    let out = '';
    const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; } };
    assert.equal(await runPredict(['--run', dir, '--json', '--forces', ...extra, ...files], io), 0, out);
    return JSON.parse(out) as Doc;
  };
  const raw = await run(['--raw']);
  const cal = await run([]);
  assert.equal(raw.recalibration.applied, false);
  assert.match(raw.recalibration.note!, /--raw/);
  assert.deepEqual(raw.recalibration.warnings, [
    'Energy σ is 15× too small on validation; raw σ shown: do not read it as a calibrated uncertainty.',
    'Force (O) σ is 4× too large on validation; raw σ shown: do not read it as a calibrated uncertainty.',
    'Force (Ti) σ is 3× too small on validation; raw σ shown: do not read it as a calibrated uncertainty.',
  ]);
  assert.equal(cal.recalibration.applied, true);
  assert.deepEqual(cal.recalibration.forceFactors, { O: 0.25, Ti: 3 });
  assert.equal(cal.recalibration.warnings[0], 'Energy σ is 15× too small on validation; recalibrated σ shown.');
  assert.equal(cal.structures.length, 2);
  for (let i = 0; i < cal.structures.length; i++) {
    const c = cal.structures[i], r = raw.structures[i];
    assert.equal(c.energyPerAtom.mu, r.energyPerAtom.mu);
    assert.ok(Math.abs(c.energyPerAtom.sigma / r.energyPerAtom.sigma - 15) < 1e-9);
    assert.ok(Math.abs(c.energy.sigma / r.energy.sigma - 15) < 1e-9);
    // each component by its own atom's element: Ti ×3, O ×0.25
    const species = structures.find((s) => s.name === c.name)!.species;
    c.forces.sigma.forEach((s, k) => {
      const want = species[Math.floor(k / 3)] === 'Ti' ? 3 : 0.25;
      assert.ok(Math.abs(s / r.forces.sigma[k] - want) < 1e-9, `${c.name} component ${k}: ${s / r.forces.sigma[k]}`);
    });
  }

  // the text output says what σ is, and the warnings, in plain words
  let text = '';
  await runPredict(['--run', dir, ...files], { out: (t) => { text += t; }, err: (t) => { text += t; } });
  assert.match(text, /σ recalibrated on the run's validation set \(scale: energy ×15\.0, forces O ×0\.250, Ti ×3\.00\); --raw for the model's own σ/);
  assert.match(text, /Energy σ is 15× too small on validation; recalibrated σ shown\./);
});
