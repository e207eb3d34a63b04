/**
 * A QM7 run end to end on the 40-molecule fixture: plain XYZ molecules in an archive, energies from
 * its hof_qm7.txt in kcal/mol, five elements, no cell, no forces. The split and the predictions hold
 * every molecule exactly once, with the table's energy (in eV per atom) as the truth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTraining } from '../../src/runner/train-run';
import { gunzipLocated } from '../../src/core/structures/gzip';
import { readTar } from '../../src/core/structures/tar';
import { readEventsFile } from '../helpers/run-events';

const ARCHIVE = join(__dirname, '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
const KCAL_PER_MOL = 0.0433641; // eV, to the 6 digits the tolerance below allows

test('a QM7 ensemble trains on molecules whose energies come from a table; split and predictions hold all 40', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-qm7-'));
  const config = join(work, 'qm7.mlip.yaml');
  writeFileSync(config, `data:
  structures: ${JSON.stringify(ARCHIVE)}
  energies: { file: ${JSON.stringify(ARCHIVE)}, member: hof_qm7.txt, units: kcal/mol }
  reference_energies: { H: 0, C: 0, N: 0, O: 0, S: 0 }
descriptor: { radial_cutoff: 6.0, radial_order: 4, angular_cutoff: 4.0, angular_order: 2 }
method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 3, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 1 }
evaluation: { calibration_every: 3 }
`);
  const dir = join(work, 'run');
  const r = await runTraining({ configFile: config, runDir: dir });
  assert.equal(r.status, 'completed', r.message);

  const table = readTar(gunzipLocated(readFileSync(ARCHIVE), ARCHIVE), ARCHIVE).find((m) => m.name === 'hof_qm7.txt')!.data.toString('utf8');
  const kcal = new Map(table.trim().split('\n').map((l) => l.split(/\s+/)).map(([n, e]) => [`${ARCHIVE}:${n}#0`, Number(e)]));
  assert.equal(kcal.size, 40);

  const events = readEventsFile(dir);
  const started = events.find((e) => e.type === 'started');
  assert.ok(started?.type === 'started');
  assert.deepEqual(started.data.elements, ['C', 'H', 'N', 'O', 'S']);
  assert.equal(started.data.structures, 40);
  assert.equal(started.data.atoms, 606);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
  assert.deepEqual(events.filter((e) => e.type === 'warning'), []);

  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Record<'train' | 'validation' | 'test', string[]>;
  assert.deepEqual([split.train.length, split.validation.length, split.test.length], [32, 4, 4]);
  assert.deepEqual([...split.train, ...split.validation, ...split.test].sort(), [...kcal.keys()].sort());

  const predictions = JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8'));
  const seen: string[] = [];
  for (const set of ['train', 'validation', 'test'] as const) {
    const list = predictions.sets[set].structures as { name: string; atoms: number; energyTrue: number; energyPred: number; energyStd: number }[];
    assert.deepEqual(list.map((s) => s.name).sort(), [...split[set]].sort(), set);
    for (const s of list) {
      seen.push(s.name);
      // The truth is the table's PBE0 energy, converted to eV, per atom.
      assert.ok(Math.abs(s.energyTrue * s.atoms - kcal.get(s.name)! * KCAL_PER_MOL) < 1e-4, s.name);
      assert.ok(Number.isFinite(s.energyPred) && s.energyStd > 0, s.name);
    }
  }
  assert.equal(new Set(seen).size, 40);
});

test('a table row that names no molecule reaches the run as a warning event; the run still trains', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-qm7-'));
  const table = readTar(gunzipLocated(readFileSync(ARCHIVE), ARCHIVE), ARCHIVE).find((m) => m.name === 'hof_qm7.txt')!.data.toString('utf8');
  writeFileSync(join(work, 'hof.txt'), `${table}qm7/9999.xyz -1.0 -1.0\n`);
  const config = join(work, 'qm7.mlip.yaml');
  writeFileSync(config, `data:
  structures: ${JSON.stringify(ARCHIVE)}
  energies: { file: hof.txt, units: kcal/mol }
  reference_energies: { H: 0, C: 0, N: 0, O: 0, S: 0 }
descriptor: { radial_cutoff: 6.0, radial_order: 2, angular_cutoff: 4.0, angular_order: 1 }
method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 1, batch_size: 8, backend: wasm }
`);
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: config, runDir: dir })).status, 'completed');
  const events = readEventsFile(dir);
  assert.deepEqual(events.filter((e) => e.type === 'warning').map((e) => e.type === 'warning' && e.message),
    ["hof.txt: 1 row names no structure read: 'qm7/9999.xyz' (line 41)"]);
});
