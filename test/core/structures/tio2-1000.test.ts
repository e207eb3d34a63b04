import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cohesiveEnergy, readStructures, type Structure } from '../../../src/core/structures';

const repoRoot = join(__dirname, '..', '..', '..');
const summary = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/reference/tio2-trainset-summary.json'), 'utf8'));
const descriptorRef = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/reference/tio2-descriptors.json'), 'utf8'));
const archive = 'examples/data/tio2-1000-xsf.tar.gz';

let cached: Structure[] | null = null;
function tio2(): Structure[] {
  cached ??= readStructures(archive, { cwd: repoRoot });
  return cached;
}
const baseName = (s: Structure): string => (s.source.member ?? s.name).split('/').pop() as string;

test('the 1,000-structure TiO2 archive loads 1,000 structures with 21,285 atoms (7,308 Ti, 13,977 O)', () => {
  const all = tio2();
  assert.equal(all.length, summary.totals.structures);
  const atoms = all.reduce((n, s) => n + s.species.length, 0);
  assert.equal(atoms, summary.totals.atoms);
  const ti = all.reduce((n, s) => n + s.species.filter((e) => e === 'Ti').length, 0);
  assert.equal(ti, summary.totals.atoms_Ti);
  assert.equal(atoms - ti, summary.totals.atoms_O);
});

test('archive members are named archive:member and keep archive order', () => {
  const all = tio2();
  assert.equal(all[0].name, `${archive}:dir_xsf/structure5063.xsf`);
  assert.deepEqual(all[0].source, { file: archive, member: 'dir_xsf/structure5063.xsf', line: 1 });
  assert.equal(new Set(all.map((s) => s.name)).size, all.length);
});

test('names, atom counts, element counts and total energies match aenet generate.x for all 1,000', () => {
  const byName = new Map(tio2().map((s) => [baseName(s), s]));
  for (const ref of summary.structures) {
    const s = byName.get(ref.xsf);
    assert.ok(s, `${ref.xsf} missing`);
    assert.equal(s.species.length, ref.natoms, ref.xsf);
    assert.equal(s.species.filter((e) => e === 'Ti').length, ref.n_Ti, ref.xsf);
    assert.equal(s.energy, ref.total_energy_eV, ref.xsf);
    assert.deepEqual(s.pbc, [true, true, true]);
    assert.equal(s.cell?.length, 9);
    assert.equal(s.forces?.length, 3 * ref.natoms);
  }
});

test('cohesive energies match aenet with its atomic reference energies', () => {
  const byName = new Map(tio2().map((s) => [baseName(s), s]));
  const refs = summary.atomic_reference_energies_eV;
  for (const ref of summary.structures) {
    const e = cohesiveEnergy(byName.get(ref.xsf) as Structure, refs);
    assert.ok(Math.abs(e - ref.cohesive_energy_eV) < 1e-9, `${ref.xsf}: ${e} vs ${ref.cohesive_energy_eV}`);
  }
});

test('positions, forces and cells of the five descriptor reference structures match', () => {
  const byName = new Map(tio2().map((s) => [baseName(s), s]));
  for (const ref of descriptorRef.structures) {
    const s = byName.get(ref.xsf) as Structure;
    assert.ok(s, ref.xsf);
    const lattice: number[][] = ref.lattice_vectors_rows_A;
    assert.deepEqual(Array.from(s.cell as Float64Array), lattice.flat());
    assert.equal(s.energy, ref.total_energy_eV);
    ref.atoms.forEach((a: { element: string; position: number[]; force_eV_per_A: number[] }, i: number) => {
      assert.equal(s.species[i], a.element);
      assert.deepEqual(Array.from(s.positions.subarray(3 * i, 3 * i + 3)), a.position);
      assert.deepEqual(Array.from((s.forces as Float64Array).subarray(3 * i, 3 * i + 3)), a.force_eV_per_A);
    });
  }
});
