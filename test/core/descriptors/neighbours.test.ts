import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NeighbourList, featurize, atomDescriptor } from '../../../src/core/descriptors';
import type { Structure } from '../../../src/core/structures/types';
import { reference, referenceSetups, referenceStructure, byName } from './reference-fixture';

// aenet's per-atom neighbour entries include one pair of structure7268 at r = 6.50044 Å: its list keeps a
// skin of under 1e-3 Å past R_c (such entries have f_c = 0 and no share in any value). Counting to
// 6.5005 Å reproduces every count; 6.5 Å misses exactly that pair, 6.51 Å overcounts 56 atoms.
test('neighbour counts (periodic images, the atom\'s own images included) match aenet for all five structures', () => {
  const nl = new NeighbourList();
  for (const ref of reference.structures) {
    const s = referenceStructure(ref);
    nl.build(s.positions, s.cell, s.pbc, 6.5005);
    ref.atoms.forEach((a, i) => {
      assert.equal(nl.start[i + 1] - nl.start[i], (a as unknown as { neighbor_entries_within_6p5A: number }).neighbor_entries_within_6p5A, `${ref.xsf} atom ${i}`);
    });
  }
});

function supercell(s: Structure, reps: [number, number, number]): Structure {
  const c = s.cell!;
  const species: string[] = [];
  const pos: number[] = [];
  for (let a = 0; a < reps[0]; a++) for (let b = 0; b < reps[1]; b++) for (let z = 0; z < reps[2]; z++) {
    for (let i = 0; i < s.species.length; i++) {
      species.push(s.species[i]);
      for (let x = 0; x < 3; x++) pos.push(s.positions[3 * i + x] + a * c[x] + b * c[3 + x] + z * c[6 + x]);
    }
  }
  const cell = Float64Array.from([...c.slice(0, 3)].map((v) => v * reps[0]).concat([...c.slice(3, 6)].map((v) => v * reps[1]), [...c.slice(6, 9)].map((v) => v * reps[2])));
  return { ...s, name: `${s.name} x${reps.join('x')}`, species, positions: Float64Array.from(pos), cell };
}

test('a 4x3x5 supercell (1,380 atoms, binned neighbour search) gives every atom aenet\'s descriptor of its unit-cell atom', () => {
  const ref = byName('structure0655.xsf');
  const s = supercell(referenceStructure(ref), [4, 3, 5]);
  const d = featurize(s, referenceSetups());
  let worst = 0;
  for (let i = 0; i < d.n; i++) {
    const v = atomDescriptor(d, i), r = ref.atoms[i % ref.natoms].descriptor;
    for (let n = 0; n < r.length; n++) worst = Math.max(worst, Math.abs(v[n] - r[n]));
  }
  assert.ok(worst < 1e-10, `worst ${worst}`);
});

test('positions outside the cell are wrapped: shifting atoms by lattice vectors changes nothing', () => {
  const ref = byName('structure1107.xsf');
  const s = referenceStructure(ref);
  const c = s.cell!;
  const shifted = Float64Array.from(s.positions);
  for (let i = 0; i < ref.natoms; i++) for (let x = 0; x < 3; x++) shifted[3 * i + x] += (i - 2) * c[x] - 3 * c[6 + x];
  const d = featurize({ ...s, positions: shifted }, referenceSetups());
  ref.atoms.forEach((a, i) => {
    const v = atomDescriptor(d, i);
    for (let n = 0; n < 56; n++) assert.ok(Math.abs(v[n] - a.descriptor[n]) < 1e-10);
  });
});

test('a slab periodic along a1, a2 only equals the same cell with 60 Å of vacuum along a3 (reference atoms of structure1107)', () => {
  const s = referenceStructure(byName('structure1107.xsf'));
  const c = s.cell!;
  const slab: Structure = { ...s, pbc: [true, true, false] };
  const vacuum: Structure = { ...s, cell: Float64Array.from([...c.slice(0, 6), 0, 0, 60]) };
  const a = featurize(slab, referenceSetups(), { derivatives: true });
  const b = featurize(vacuum, referenceSetups(), { derivatives: true });
  assert.equal(a.values.length, b.values.length);
  for (let i = 0; i < a.values.length; i++) assert.ok(Math.abs(a.values[i] - b.values[i]) < 1e-12);
  assert.deepEqual(a.jacobian!.pairAtom, b.jacobian!.pairAtom);
  for (let i = 0; i < a.jacobian!.values.length; i++) assert.ok(Math.abs(a.jacobian!.values[i] - b.jacobian!.values[i]) < 1e-12);
  // And the slab differs from the bulk crystal: the periodic images along a3 are really gone.
  const bulk = featurize(s, referenceSetups());
  assert.ok(Math.abs(bulk.values[0] - a.values[0]) > 1);
});
