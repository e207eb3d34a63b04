/**
 * No silent drops: structures a run cannot use (an energy of 1e308, two atoms at one place, atoms
 * 0.05 Å apart) are excluded with their reason in split.json, a warning and the report's notes, and
 * every structure of the split is in the predictions; a loss that explodes without becoming NaN stops
 * the run with a message.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTraining } from '../../src/runner/train-run';
import { DivergenceWatch } from '../../src/runner/divergence-watch';
import { TIO2_ARCHIVE } from '../helpers/tiny-tio2-config';
import { events } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'mlip-drops-'));
after(() => rmSync(work, { recursive: true, force: true }));

function frame(energy: string, atoms: string[]): string {
  return `${atoms.length}\nLattice="4.6 0 0 0 4.6 0 0 0 2.96" Properties=species:S:1:pos:R:3 energy=${energy} pbc="T T T"\n${atoms.join('\n')}\n`;
}

test('structures with implausible energies or overlapping atoms are excluded with their reason; every other one is predicted', async () => {
  const extra = join(work, 'hostile.extxyz');
  writeFileSync(extra, [
    frame('1e308', ['Ti 0 0 0', 'O 1.4 1.4 0']),
    frame('-2000', ['Ti 0 0 0', 'O 0 0 0']),
    frame('-2000', ['Ti 0 0 0', 'O 0.05 0 0']),
  ].join(''));
  const cfg = join(work, 'drops.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: [${JSON.stringify(extra)}, ${JSON.stringify(TIO2_ARCHIVE)}]
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
  limit: 20
descriptor: { radial_cutoff: 4.0, radial_order: 3, angular_cutoff: 3.0, angular_order: 2, env: [O, Ti] }
method: { type: deterministic }
training: { epochs: 2, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 5 }
evaluation: { calibration_every: 0 }
`);
  const dir = join(work, 'run');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'completed', r.message);
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as { train: string[]; validation: string[]; test: string[]; excluded: { name: string; reason: string }[] };
  assert.deepEqual(split.excluded.map((x) => x.name.split('/').pop()), ['hostile.extxyz#0', 'hostile.extxyz#1', 'hostile.extxyz#2']);
  assert.match(split.excluded[0]!.reason, /energy 1e\+308 eV is not a plausible total energy/);
  assert.match(split.excluded[1]!.reason, /atoms 1 and 2 share one position/);
  assert.match(split.excluded[2]!.reason, /atoms 1 and 2 overlap \(0\.0500 Å apart\)/);
  const inSplit = [...split.train, ...split.validation, ...split.test];
  assert.equal(inSplit.length + split.excluded.length, 20, 'every structure read is in the split or excluded');
  const preds = JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8')) as { sets: Record<string, { structures: { name: string }[] }> };
  const predicted = Object.values(preds.sets).flatMap((s) => s.structures.map((x) => x.name));
  assert.deepEqual([...predicted].sort(), [...inSplit].sort(), 'every structure of the split is predicted');
  assert.ok(events(dir).some((e) => e.type === 'warning' && /3 structures excluded/.test(e.message)));
  const report = readFileSync(join(dir, 'report.uqreport.json'), 'utf8');
  assert.match(report, /3 structures excluded before the split/);
});

test('a loss that explodes by magnitude stops the watch; an ordinary noisy descent does not', () => {
  const w = new DivergenceWatch();
  for (const l of [1.2, 0.8, 0.9, 0.5, 0.7, 0.4]) assert.equal(w.check(l, 0.5), null);
  assert.match(w.check(2e4, 3) ?? '', /training loss rose from 0\.400 to 2\.00e\+4/);
  assert.match(new DivergenceWatch().check(1, 1.3e5) ?? '', /validation energy RMSE 1\.30e\+5 eV\/atom/);
  // Negative losses (Gaussian NLL): the rise is measured against max(|lowest|, 1).
  const nll = new DivergenceWatch([-3, -5]);
  assert.equal(nll.check(-1, 0.2), null);
  assert.ok(nll.check(6e4, 0.2));
});

test('a run with a learning rate that blows the loss up stops with a message instead of finishing', async () => {
  const cfg = join(work, 'lr.mlip.yaml');
  writeFileSync(cfg, `data:
  structures: ${JSON.stringify(TIO2_ARCHIVE)}
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
  limit: 16
descriptor: { radial_cutoff: 4.0, radial_order: 3, angular_cutoff: 3.0, angular_order: 2, env: [O, Ti] }
method: { type: deterministic }
training: { epochs: 30, batch_size: 4, learning_rate: 1000, backend: wasm, seed: 5, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }
`);
  const dir = join(work, 'lr');
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'failed', JSON.stringify(events(dir).filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && [e.trainLoss, e.valEnergyRmse])));
  assert.match(r.message ?? '', /training diverged in epoch \d+: (training loss rose|validation energy RMSE)/);
  assert.equal(events(dir).pop()?.type, 'failed');
});
