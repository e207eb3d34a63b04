import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures } from '../../../src/core/structures';

const repoRoot = join(__dirname, '..', '..', '..');
const archive = join(repoRoot, '..', 'shared', 'datasets', 'tio2-full-7815', 'tio2-7815-xsf.tar.gz');

// Counts from the data set's PROVENANCE.md (../shared/datasets/tio2-full-7815).
test('the 7,815-structure TiO2 set loads 7,815 structures, 165,229 atoms (Ti 56,702, O 108,527)', (t) => {
  if (!existsSync(archive)) { t.skip(`${archive} absent (shared data set not on this machine)`); return; }
  const all = readStructures(archive);
  assert.equal(all.length, 7815);
  let ti = 0;
  let o = 0;
  for (const s of all) {
    for (const e of s.species) { if (e === 'Ti') ti++; else if (e === 'O') o++; }
    assert.ok(s.energy !== null && s.forces !== null && s.cell !== null, s.name);
    assert.ok(s.species.length >= 6 && s.species.length <= 95, s.name);
  }
  assert.equal(ti, 56702);
  assert.equal(o, 108527);
  assert.equal(ti + o, 165229);
  assert.ok(all.every((s) => s.source.member?.startsWith('xsf/structure')), 'README.txt is not a structure');
});
