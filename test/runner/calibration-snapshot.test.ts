/**
 * The runner's periodic calibration snapshots: per-atom energies and, for force training, every force
 * component, as interval coverage at 21 levels (observed share of |e| ≤ σ·Φ⁻¹((1+p)/2)), and a real force run
 * that emits both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StructurePrediction } from '../../src/core/training/evaluate';
import type { RunEvent } from '../../src/protocol/events';
import { energySnapshot, forceSnapshot } from '../../src/runner/calibration-snapshot';
import { runTraining } from '../../src/runner/train-run';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

function prediction(name: string, forces: { mu: number[]; sigma: number[]; truth: number[] | null } | undefined): StructurePrediction {
  return { name, nAtoms: 2, energy: { mu: 10.2, sigma: 0.2, truth: 10 }, rows: [10.2], ...(forces ? { forces } : {}) };
}

test('the force snapshot pools every known force component: |e|/σ = 0.1, 0.5, 1.5, 3 covers ½ at p = 0.5 and ¾ at p = 0.9 and 0.95', () => {
  const preds = [
    prediction('a', { mu: [0.1, 0.5, 1.5], sigma: [1, 1, 1], truth: [0, 0, 0] }),
    prediction('b', { mu: [-6], sigma: [2], truth: [0] }),
    prediction('c', { mu: [100], sigma: [1], truth: null }), // no truth: left out
    prediction('d', undefined),
  ];
  const s = forceSnapshot(preds)!;
  assert.equal(s.expected.length, 21);
  const at = (p: number) => s.observed[s.expected.findIndex((x) => Math.abs(x - p) < 1e-9)];
  // Φ⁻¹(0.75) = 0.6745, Φ⁻¹(0.95) = 1.6449, Φ⁻¹(0.975) = 1.9600 (normal quantiles)
  assert.equal(at(0.5), 0.5);
  assert.equal(at(0.9), 0.75);
  assert.equal(at(0.95), 0.75);
  assert.equal(at(1), 1);
  assert.deepEqual(s.parity.y, [0, 0, 0, 0]);
  assert.deepEqual(s.parity.mu, [0.1, 0.5, 1.5, -6]);
  assert.equal(forceSnapshot([prediction('d', undefined)]), null);
  // Energies per atom: (10.2 − 10)/2 = 0.1 eV/atom with σ 0.1: |e|/σ = 1 for all four.
  const e = energySnapshot(preds)!;
  assert.deepEqual(e.parity.y, [5, 5, 5, 5]);
  assert.ok(Math.abs(e.parity.sigma[0] - 0.1) < 1e-12);
});

test('a run trained on forces emits energy and force calibration snapshots every calibration_every epochs', async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlip-calib-'));
  const cfg = writeTinyTio2Config(join(work, 'f.mlip.yaml'), { limit: 30, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 2, batch_size: 8, backend: wasm, force_weight: 0.1 }
evaluation: { calibration_every: 1 }` });
  const dir = join(work, 'run');
  assert.equal((await runTraining({ configFile: cfg, runDir: dir })).status, 'completed');
  const events = readEventsFile(dir);
  const calib = events.filter((e): e is Extract<RunEvent, { type: 'calibration' }> => e.type === 'calibration');
  assert.deepEqual(calib.map((c) => `${c.epoch} ${c.quantity}`), ['1 energy', '1 forces', '2 energy', '2 forces']);
  for (const c of calib) {
    assert.equal(c.observed.length, 21);
    assert.ok(c.observed.every((o, i) => i === 0 || o >= c.observed[i - 1]), 'coverage grows with the level');
    assert.ok(c.mace >= 0 && c.mace <= 0.5 && Number.isFinite(c.nll));
  }
});
