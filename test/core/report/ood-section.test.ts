/** The report names the training and test structures whose σ per atom exceeds the validation 95th percentile. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oodSection } from '../../../src/core/report/ood-section';
import type { StructurePrediction } from '../../../src/protocol/report';

const st = (name: string, energyStd: number): StructurePrediction => ({ name, atoms: 4, energyTrue: 0, energyPred: 0, energyStd });

test('the line is the validation σ\'s 95th percentile; flagged names come largest σ first', () => {
  // Validation σ 0.001 … 0.021 (21 values): the 95th percentile is 0.020.
  const validation = Array.from({ length: 21 }, (_, i) => st(`v${i}`, 0.001 * (i + 1)));
  const r = oodSection({ validation: { structures: validation }, test: { structures: [st('a', 0.0195), st('b', 0.05), st('c', 0.03)] }, train: { structures: [st('t', 0.001)] } })!;
  assert.equal(r.percentile, 95);
  assert.ok(Math.abs(r.sigmaPerAtom - 0.020) < 1e-15);
  assert.deepEqual(r.flagged, { train: [], test: ['b', 'c'] });
});

test('no line without a validation set or with σ = 0 everywhere (a deterministic model)', () => {
  assert.equal(oodSection({ test: { structures: [st('a', 1)] } }), undefined);
  assert.equal(oodSection({ validation: { structures: [st('v', 0), st('w', 0)] }, test: { structures: [st('a', 0)] } }), undefined);
});
