/**
 * Batches split by structure for BNN threads (src/core/kernels/row-window.ts): contiguous parts balanced by
 * atoms with the right windows, a worker's structures alone, and a thread's part drawing exactly the noise (LRT normals, Flipout signs)
 * that its rows get when one thread draws for the whole batch, odd window starts inside a normals pair included.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import type { TrainingSample } from '../../../src/core/data/samples';
import { BnnModel } from '../../../src/core/estimators/bnn-model';
import { KernelFlipoutStep } from '../../../src/core/kernels/flipout-step';
import { KernelLrtStep } from '../../../src/core/kernels/lrt-step';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';
import { compactPart, splitBatches, stepOrder } from '../../../src/core/kernels/row-window';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Rng } from '../../../src/core/rng';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(40, false).data;
});

/** A made-up structure with `o` atoms of element 0 and `t` of element 1. */
function fake(o: number, t: number): TrainingSample {
  const element = Int32Array.from([...Array(o).fill(0), ...Array(t).fill(1)]);
  return { nAtoms: o + t, element } as unknown as TrainingSample;
}

test('parts are contiguous, balanced by atoms (nearest cut), never leave the last part empty, and window the whole batch', () => {
  const train = [fake(4, 2), fake(1, 1), fake(6, 3), fake(2, 2), fake(3, 0)]; // 6, 2, 9, 4, 3 atoms: 24
  const [a, b] = splitBatches([[0, 1, 2, 3, 4]], train, 2, 2);
  // Half is 12: after 0, 1 → 8 (4 short), after 0, 1, 2 → 17 (5 over): the cut goes before structure 2.
  assert.deepEqual(a.lists, [[0, 1]]);
  assert.deepEqual(b.lists, [[2, 3, 4]]);
  assert.deepEqual(a.window, { size: [5], count: [2], full: [[16, 8]], offset: [[0, 0]] });
  assert.deepEqual(b.window, { size: [5], count: [3], full: [[16, 8]], offset: [[5, 3]] });
  const three = splitBatches([[0], [1, 2]], train, 2, 3);
  assert.deepEqual(three.map((p) => p.lists), [[[], [1]], [[], []], [[0], [2]]]);
  assert.deepEqual(three.map((p) => p.window.offset[1]), [[0, 0], [1, 1], [1, 1]]);
});

test("a worker's part keeps only its structures, its lists indexing them in first-use order", () => {
  const train = [fake(1, 0), fake(2, 0), fake(3, 0), fake(4, 0)];
  const part = compactPart([[3, 1], [], [1, 2]], train);
  assert.deepEqual(part.lists, [[0, 1], [], [1, 2]]);
  assert.deepEqual(part.train.map((s) => s.nAtoms), [4, 2, 3]);
});

test('force structures first: each part stays a contiguous run of the ordered batch', () => {
  const train = [fake(2, 1), fake(2, 1), fake(2, 1), fake(2, 1)].map((s, i) => ({ ...s, forces: i % 2 ? new Float64Array(9) : null, descriptors: { jacobian: i % 2 ? {} : null } }) as unknown as TrainingSample);
  assert.deepEqual(stepOrder([[0, 1, 2, 3]], train, true), [[1, 3, 0, 2]]);
  assert.deepEqual(stepOrder([[0, 1, 2, 3]], train, false), [[0, 1, 2, 3]]);
});

for (const estimator of ['lrt', 'flipout'] as const) {
  test(`${estimator}: every part of a split batch draws the noise its rows get from one draw over the whole batch`, () => {
    const model = new BnnModel({ kind: 'bnn', estimator, elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: 1, seed: 2, priorScale: 0.3, qScale: 0.05 });
    const lists = [data.train.slice(0, 13).map((_, i) => i)];
    const o = { samples: 2, sigmaEnergy: 0.2, weighting: 'paper' as const, nTrain: data.train.length, priorScale: 0.3 };
    const make = (batches: number[][], window: ReturnType<typeof splitBatches>[number]['window'] | null) => {
      const k = MlpKernel.create();
      if (typeof k === 'string') throw new Error(k);
      return estimator === 'lrt' ? new KernelLrtStep(k, model.layout, data.train, batches, data.std, o, null, window) : new KernelFlipoutStep(k, model.layout, data.train, batches, data.std, o, null, window);
    };
    const { mu, rho } = model.exportParams();
    const x = new Float32Array(2 * mu!.length);
    x.set(mu!); x.set(rho!, mu!.length);
    const whole = make(lists, null);
    whole.step(x, 0, new Rng(4), new Float32Array(x.length));
    const parts = splitBatches(lists, data.train, 2, 3);
    let odd = false;
    for (const part of parts) {
      const step = make(part.lists, part.window);
      step.share(x, 0, new Rng(4));
      for (let e = 0; e < 2; e++) {
        const n = step.rowStructures(0, e).length, at = part.window.offset[0][e];
        for (let s = 0; s < 2; s++) {
          for (let l = 0; l < 3; l++) {
            if (step instanceof KernelLrtStep && whole instanceof KernelLrtStep) {
              const w = 4 * ((model.layout.slots.find((t) => t.element === e && t.kind === 'W' && t.layer === l)!.cols + 3) >> 2);
              odd ||= (at * w / 4) % 2 === 1;
              assert.deepEqual(step.lastNoise(0, e, s, l), whole.lastNoise(0, e, s, l).slice(at * w, (at + n) * w), `element ${e}, sample ${s}, layer ${l}`);
            } else if (step instanceof KernelFlipoutStep && whole instanceof KernelFlipoutStep) {
              const mine = step.lastSigns(e, s, l, 0), all = whole.lastSigns(e, s, l, 0);
              const wOut = all.sOut.length / whole.rowStructures(0, e).length;
              assert.deepEqual(mine.sIn, all.sIn.slice(at * all.inWidth, (at + n) * all.inWidth), `sIn: element ${e}, sample ${s}, layer ${l}`);
              assert.deepEqual(mine.sOut, all.sOut.slice(at * wOut, (at + n) * wOut), `sOut: element ${e}, sample ${s}, layer ${l}`);
            }
          }
        }
      }
    }
    if (estimator === 'lrt') assert.ok(odd, 'some window starts inside a pair of normals');
  });
}
