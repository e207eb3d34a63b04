import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkEvaluator } from '../../../src/core/aenet/evaluate-network';
import { activate } from '../../../src/core/aenet/activations';
import type { AenetActivation, AenetNetwork } from '../../../src/core/aenet/types';

const ALL: AenetActivation[] = ['linear', 'tanh', 'sigmoid', 'mtanh', 'twist'];

function f1(a: AenetActivation, x: number): { y: number; dy: number } {
  const z = new Float64Array([x]);
  const dz = new Float64Array(1);
  activate(a, z, 1, dz);
  return { y: z[0], dy: dz[0] };
}

test('activations take the values aenet defines', () => {
  assert.equal(f1('linear', -2.5).y, -2.5);
  assert.equal(f1('tanh', 0.3).y, Math.tanh(0.3));
  assert.equal(f1('sigmoid', 0).y, 0.5);
  // LeCun's scaled tanh is built so that f(±1) = ±1 (to 1e-5 with a = 1.7159)
  assert.ok(Math.abs(f1('mtanh', 1).y - 1) < 1e-5);
  assert.ok(Math.abs(f1('mtanh', -1).y + 1) < 1e-5);
  assert.ok(Math.abs(f1('twist', 1).y - 1.1) < 1e-5);
});

test('activation derivatives match central finite differences', () => {
  for (const a of ALL) {
    for (const x of [-2, -0.4, 0, 0.7, 3]) {
      const h = 1e-6;
      const fd = (f1(a, x + h).y - f1(a, x - h).y) / (2 * h);
      assert.ok(Math.abs(f1(a, x).dy - fd) < 1e-8, `${a} at ${x}: ${f1(a, x).dy} vs ${fd}`);
    }
  }
});

const net: AenetNetwork = {
  nodes: [3, 2, 2, 1],
  activations: ['tanh', 'twist', 'linear'],
  weights: [
    new Float64Array([0.2, -0.5, 0.1, 0.05, 0.7, 0.3, -0.2, -0.1]),
    new Float64Array([1.1, -0.4, 0.2, 0.3, 0.9, -0.6]),
    new Float64Array([0.8, -1.3, 0.15]),
  ],
};

test('forward pass equals the layer formulas written out by hand', () => {
  const x = [0.4, -1.2, 0.9];
  const h1 = [Math.tanh(0.2 * x[0] - 0.5 * x[1] + 0.1 * x[2] + 0.05), Math.tanh(0.7 * x[0] + 0.3 * x[1] - 0.2 * x[2] - 0.1)];
  const tw = (z: number) => 1.7159 * Math.tanh(0.666666666666667 * z) + 0.1 * z;
  const h2 = [tw(1.1 * h1[0] - 0.4 * h1[1] + 0.2), tw(0.3 * h1[0] + 0.9 * h1[1] - 0.6)];
  const expected = 0.8 * h2[0] - 1.3 * h2[1] + 0.15;
  const ev = new NetworkEvaluator(net);
  assert.ok(Math.abs(ev.evaluate(new Float64Array([9, ...x]), 1) - expected) < 1e-14);
});

test('input gradient matches central finite differences', () => {
  const ev = new NetworkEvaluator(net);
  const x = new Float64Array([0.4, -1.2, 0.9]);
  const g = new Float64Array(3);
  ev.evaluate(x, 0, g);
  for (let k = 0; k < 3; k++) {
    const h = 1e-6;
    const xp = Float64Array.from(x); xp[k] += h;
    const xm = Float64Array.from(x); xm[k] -= h;
    const fd = (ev.evaluate(xp, 0) - ev.evaluate(xm, 0)) / (2 * h);
    assert.ok(Math.abs(g[k] - fd) < 1e-8, `component ${k}: ${g[k]} vs ${fd}`);
  }
});
