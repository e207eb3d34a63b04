/**
 * GAP/MACE-style extended XYZ: reference energies and forces under REF_ names, keys named in the
 * config, config_type as the structure's group, and groups from the input entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '../../../src/core/structures/extxyz';
import { readStructures } from '../../../src/core/structures/read';

const FRAME = (comment: string, props: string) => `2\n${comment} Properties=${props}\nH 0 0 0 0.1 0.2 0.3 9 9 9\nH 0 0 0.74 -0.1 -0.2 -0.3 8 8 8\n`;
const MACE = FRAME('REF_energy=-31.5 energy=-30.0 config_type=dimer pbc="F F F"', 'species:S:1:pos:R:3:REF_forces:R:3:forces:R:3');

test('by default the energy key wins over REF_energy, and forces over REF_forces (the first of each list present)', () => {
  const [s] = parseExtxyz(MACE, 'mace.xyz');
  assert.equal(s.energy, -30.0);
  assert.deepEqual(Array.from(s.forces!), [9, 9, 9, 8, 8, 8]);
  assert.equal(s.group, 'dimer');
});

test('REF_energy and REF_forces are found when they are the only ones', () => {
  const only = FRAME('REF_energy=-31.5', 'species:S:1:pos:R:3:REF_forces:R:3:extra:R:3');
  const [s] = parseExtxyz(only, 'ref.xyz');
  assert.equal(s.energy, -31.5);
  assert.deepEqual(Array.from(s.forces!), [0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
  assert.equal(s.group, undefined);
});

test('named keys take exactly those (any case), converted from the unit', () => {
  const [s] = parseExtxyz(MACE, 'mace.xyz', 'kcal/mol', { energyKey: 'ref_energy', forcesKey: 'REF_FORCES' });
  assert.ok(Math.abs(s.energy! - -31.5 * 0.0433641) < 1e-6);
  assert.ok(Math.abs(s.forces![0] - 0.1 * 0.0433641) < 1e-8);
});

test('a frame without any energy key names the keys looked for and where to name another', () => {
  const none = FRAME('dft_energy=-3', 'species:S:1:pos:R:3:forces:R:3:extra:R:3');
  assert.throws(() => parseExtxyz(none, 'x.xyz'), /x\.xyz:2: frame has no energy \(looked for energy, REF_energy\) \(energy\); expected energy=<E> or REF_energy=<E> on the comment line, data\.energy_key naming the key, or energies from a data\.energies table \(plain XYZ\)/);
  assert.equal(parseExtxyz(none, 'x.xyz', 'eV', { energyKey: 'dft_energy' })[0].energy, -3);
});

test('several input entries: a structure without config_type is grouped by the entry it came from', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-groups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'surfaces'));
  mkdirSync(join(dir, 'bulk'));
  writeFileSync(join(dir, 'surfaces', 's1.xyz'), FRAME('energy=-1', 'species:S:1:pos:R:3:forces:R:3:extra:R:3'));
  writeFileSync(join(dir, 'bulk', 'b1.xyz'), FRAME('energy=-2 config_type=elastic', 'species:S:1:pos:R:3:forces:R:3:extra:R:3'));
  const s = readStructures(['surfaces', 'bulk/*.xyz'], { cwd: dir, groupByEntry: true });
  assert.deepEqual(s.map((x) => x.group), ['surfaces', 'elastic']);
  assert.deepEqual(readStructures(['surfaces'], { cwd: dir, groupByEntry: true }).map((x) => x.group), [undefined]);
});
