/**
 * Writing aenet `.nn` files: Fortran record framing, the byte-for-byte inverse of aenet's own files (the
 * published TiO2 fit), and the mapping of a trained model (layout, standardisation, normalisation,
 * reference energies) onto aenet's fields, read back with the existing reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FortranRecordWriter } from '../../../src/core/aenet/write-records';
import { encodeAenetPotential } from '../../../src/core/aenet/write-potential';
import { aenetExportFromModel, elementNetwork } from '../../../src/core/aenet/from-saved-model';
import { parseAenetPotential, loadAenetPotential } from '../../../src/core/aenet/read-potential';
import { makeLayout } from '../../../src/core/models/layout';
import type { SavedModel } from '../../../src/core/models/saved-model';
import type { ChebyshevSetup } from '../../../src/core/descriptors/types';
import { chars, float64s, int32s, records } from './fortran-fixtures';
import { mulberry32 } from '../../helpers/mulberry32';

test('the record writer frames every payload with its 4-byte little-endian length before and after, strings blank-padded', () => {
  const w = new FortranRecordWriter();
  w.int32(7);
  w.float64(-1.5);
  w.logical(true);
  w.stringArray(['O', 'Ti'], 2);
  w.string('Chebyshev', 12);
  assert.deepEqual(w.bytes(), records([int32s(7), float64s(-1.5), int32s(1), chars(2, 'O', 'Ti'), chars(12, 'Chebyshev')]));
  assert.deepEqual(Array.from(w.bytes().subarray(0, 12)), [4, 0, 0, 0, 7, 0, 0, 0, 4, 0, 0, 0]);
  assert.throws(() => w.string('Tix', 2), /longer than 2/);
});

test('our layout row becomes aenet\'s [out][in + 1] blocks, bias last; heteroscedastic output keeps the energy column', () => {
  // dims [2], hidden [3]: W0 [2,3] at 0, b0 [3] at 6, W1 [3,1] at 9, b1 at 12; θ_i = i.
  const theta = Float32Array.from({ length: 13 }, (_, i) => i);
  const net = elementNetwork(makeLayout(['X'], [2], [3]), theta, 0, 'tanh');
  assert.deepEqual(net.nodes, [2, 3, 1]);
  assert.deepEqual(net.activations, ['tanh', 'linear']);
  assert.deepEqual(Array.from(net.weights[0]), [0, 3, 6, 1, 4, 7, 2, 5, 8]);
  assert.deepEqual(Array.from(net.weights[1]), [9, 10, 11, 12]);
  // Two outputs: W1 [3,2] at 9, b1 [2] at 15; column 0 is the atomic energy.
  const het = elementNetwork(makeLayout(['X'], [2], [3], 2), Float32Array.from({ length: 17 }, (_, i) => i), 0, 'tanh');
  assert.deepEqual(Array.from(het.weights[1]), [9, 11, 13, 15]);
});

const fitDir = path.join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'tio2-full-7815', 'aenet-fit');

function splitRecords(b: Uint8Array): Uint8Array[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Uint8Array[] = [];
  for (let o = 0; o < b.length;) {
    const n = v.getInt32(o, true);
    out.push(b.subarray(o + 4, o + 4 + n));
    o += n + 8;
  }
  return out;
}

test('re-writing aenet\'s published TiO2 potentials reproduces aenet\'s own records (description text and LOGICAL encoding aside)', (t) => {
  if (!existsSync(path.join(fitDir, 'Ti.40t-40t.nn'))) { t.skip(`${fitDir} absent`); return; }
  for (const el of ['Ti', 'O']) {
    const file = path.join(fitDir, `${el}.40t-40t.nn`);
    const original = splitRecords(new Uint8Array(readFileSync(file)));
    const p = loadAenetPotential(file);
    const written = splitRecords(encodeAenetPotential(p));
    assert.equal(written.length, original.length);
    assert.equal(written.length, 36);
    written.forEach((r, i) => {
      // 9: the description (the reader keeps it trimmed, "$$" as line breaks); 27: `normalized`, which this
      // file stores as ifort's −1 and gfortran (and we) as 1.
      if (i === 9) return;
      if (i === 27) { assert.equal(new DataView(r.buffer, r.byteOffset).getInt32(0, true), 1); return; }
      assert.deepEqual(r, original[i], `${el}: record ${i + 1} differs`);
    });
  }
});

function syntheticModel(o: { activation?: string; elements?: string[]; scale0?: number; kind?: 'deterministic' | 'ensemble' | 'bnn' } = {}): SavedModel {
  const elements = o.elements ?? ['Ti', 'O'];
  const setups: ChebyshevSetup[] = elements.map((element) => ({ element, env: ['O', 'Ti'], rmin: 0.55, radialCutoff: 6.5, radialOrder: 3, angularCutoff: 4.0, angularOrder: 2 }));
  const dims = elements.map(() => 14);
  const hidden = [5, 4];
  const kind = o.kind ?? 'deterministic';
  const members = kind === 'ensemble' ? 2 : 1;
  const rand = mulberry32(3);
  const P = makeLayout(elements, dims, hidden).size;
  const row = (n: number, s: number) => Float32Array.from({ length: n }, () => (rand() - 0.5) * s);
  return {
    spec: { kind, elements, dims, hidden, activation: (o.activation ?? 'tanh') as 'tanh', members, seed: 4, ...(kind === 'bnn' ? { estimator: 'lrt' as const } : {}) },
    params: kind === 'bnn' ? { mu: row(P, 1), rho: row(P, 1).map((x) => x - 5) } : { theta: row(members * P, 1) },
    setups,
    standardisation: elements.map((element) => ({
      element,
      mean: Float64Array.from({ length: 14 }, (_, k) => 0.1 * k + rand()),
      scale: Float64Array.from({ length: 14 }, (_, k) => (k === 0 ? o.scale0 ?? 2 : 0.5 + 10 * rand())),
    })),
    normalisation: { scale: 1.564911, shift: -7.890261 },
    reference: { Ti: -1604.604515075, O: -432.503149303 },
    prediction: { samples: 1, observationNoise: null },
    bestEpoch: 3,
  };
}

test('an exported model reads back with the set-up, standardisation, normalisation and reference energies it was written from', () => {
  const saved = syntheticModel();
  const x = aenetExportFromModel(saved, { modelFile: 'model.json', source: 'mlip-uq run /tmp/r' });
  assert.deepEqual(x.sets.map((s) => s.label), ['network']);
  assert.ok(x.maxInputScaleError < 1e-14, String(x.maxInputScaleError));
  const layout = makeLayout(saved.spec.elements, saved.spec.dims, saved.spec.hidden);
  x.sets[0].potentials.forEach(({ element, contents }, e) => {
    const p = parseAenetPotential(encodeAenetPotential(contents), `${element}.nn`);
    assert.equal(p.element, element);
    assert.deepEqual(p.network, elementNetwork(layout, saved.params.theta, e, 'tanh'));
    assert.deepEqual(p.network.nodes, [14, 5, 4, 1]);
    assert.deepEqual(p.setup.envTypes, ['O', 'Ti']);
    assert.deepEqual([p.setup.rcMin, p.setup.rcMax, p.setup.basisType], [0.55, 6.5, 'Chebyshev']);
    assert.deepEqual(p.setup.chebyshev, { radialCutoff: 6.5, radialOrder: 3, angularCutoff: 4.0, angularOrder: 2 });
    const st = saved.standardisation[e];
    assert.deepEqual(p.inputMean, st.mean);
    p.inputScale.forEach((s, k) => assert.ok(Math.abs(s - st.scale[k]) <= 1e-14 * st.scale[k], `${element} scale ${k}: ${s} vs ${st.scale[k]}`));
    // aenet: E_i = y/scale + shift, plus E_atom: our Ê = (E − N·shift)·scale with E relative to the references.
    assert.equal(p.energyScale, 1 / 1.564911);
    assert.equal(p.energyShift, -7.890261);
    assert.equal(p.atomicEnergy, saved.reference[element]);
    assert.deepEqual(p.trainset.typeNames, ['Ti', 'O']);
    assert.equal(p.trainset.file, 'mlip-uq run /tmp/r');
  });
});

test('a constant descriptor (scale 0) stays constant for aenet: its √(cov − avg²) is 0, so aenet scales it by 0 too', () => {
  const x = aenetExportFromModel(syntheticModel({ scale0: 0 }), { modelFile: 'model.json', source: 's' });
  const p = parseAenetPotential(encodeAenetPotential(x.sets[0].potentials[0].contents), 'Ti.nn');
  assert.equal(p.inputScale[0], 0);
});

test('ensembles give one set per member, BNNs the mean and drawn sets; samples of a non-BNN are refused', () => {
  const ens = aenetExportFromModel(syntheticModel({ kind: 'ensemble' }), { modelFile: 'm', source: 's' });
  assert.deepEqual(ens.sets.map((s) => [s.label, s.role]), [['member-1', 'member'], ['member-2', 'member']]);
  assert.notDeepEqual(ens.sets[0].potentials[0].contents.network.weights, ens.sets[1].potentials[0].contents.network.weights);
  const bnn = aenetExportFromModel(syntheticModel({ kind: 'bnn' }), { modelFile: 'm', source: 's', samples: 10 });
  assert.deepEqual(bnn.sets.map((s) => s.label), ['mean', 'sample-01', 'sample-02', 'sample-03', 'sample-04', 'sample-05', 'sample-06', 'sample-07', 'sample-08', 'sample-09', 'sample-10']);
  assert.throws(() => aenetExportFromModel(syntheticModel(), { modelFile: 'm', source: 's', samples: 2 }), /sampled weight sets are for BNNs; this model is a deterministic network \(--samples\)/);
});

test('what aenet cannot express is refused with a located error saying why', () => {
  const go = (saved: SavedModel) => () => aenetExportFromModel(saved, { modelFile: 'run/model.json', source: 's' });
  assert.throws(go(syntheticModel({ activation: 'relu' })), /run\/model\.json: hidden activation "relu" has no aenet counterpart \(spec\.activation\); expected tanh, sigmoid or linear/);
  assert.throws(go(syntheticModel({ elements: ['Ti', 'Uuo'] })), /run\/model\.json: species "Uuo" cannot be written to an aenet file \(spec\.elements\); expected a chemical symbol of 1 or 2 letters/);
  assert.throws(go(syntheticModel({ scale0: 1e11 })), /descriptor 1 of Ti has standard deviation 1e-11 \(standardisation\.Ti\); expected a standard deviation above 1e-10/);
  const noSetup = syntheticModel();
  noSetup.setups = noSetup.setups.slice(1);
  assert.throws(go(noSetup), /no descriptor set-up for Ti \(setups\)/);
});
