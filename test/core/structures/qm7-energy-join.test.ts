/**
 * QM7 as the product reads it: plain XYZ molecules (`charge = 0` comment, no energy, no cell) whose
 * atomization energies (kcal/mol) sit in a separate table, joined by archive member or file path.
 * Fixture: 40 molecules of QM7 (test/fixtures/data/qm7-40, see test/fixtures/PROVENANCE.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isLocatedError } from '../../../src/core/errors';
import { parseExtxyz, readStructures, type Structure } from '../../../src/core/structures';
import { gunzipLocated } from '../../../src/core/structures/gzip';
import { readTar } from '../../../src/core/structures/tar';

const ARCHIVE = join(__dirname, '..', '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
const TABLE = { file: ARCHIVE, member: 'hof_qm7.txt', units: 'kcal/mol' as const };
const members = readTar(gunzipLocated(readFileSync(ARCHIVE), ARCHIVE), ARCHIVE);
const member = (name: string): string => members.find((m) => m.name === name)!.data.toString('utf8');
const tableLines = member('hof_qm7.txt').trimEnd().split('\n');

/** The fixture unpacked into a fresh folder (qm7/NNNN.xyz, hof_qm7.txt), as a user would have it. */
function unpacked(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-qm7-'));
  for (const m of members) {
    mkdirSync(dirname(join(dir, m.name)), { recursive: true });
    writeFileSync(join(dir, m.name), m.data);
  }
  return dir;
}

function byMember(list: Structure[], name: string): Structure {
  return list.find((s) => s.source.member === name || s.source.file.endsWith(name))!;
}

test('a plain QM7 XYZ file reads as a molecule: `charge = 0` is a comment field, no energy, no cell', () => {
  const [m] = parseExtxyz(member('qm7/0001.xyz'), 'qm7/0001.xyz', 'eV', { requireEnergy: false });
  assert.deepEqual(m.species, ['C', 'H', 'H', 'H', 'H']);
  assert.deepEqual([...m.positions.slice(0, 6)], [1.041682, -0.0562, -0.071481, 2.130894, -0.056202, -0.071496]);
  assert.equal(m.cell, null);
  assert.deepEqual(m.pbc, [false, false, false]);
  assert.equal(m.energy, null);
  assert.equal(m.forces, null);
  // Without a table the missing energy is what the error says, on the comment line.
  assert.throws(() => parseExtxyz(member('qm7/0001.xyz'), 'qm7/0001.xyz'), /qm7\/0001\.xyz:2: frame has no energy/);
});

test('the archive with its own hof_qm7.txt: all 40 molecules get the PBE0 energy in eV', () => {
  const warnings: string[] = [];
  const list = readStructures(ARCHIVE, { energies: TABLE, onWarning: (w) => warnings.push(w) });
  assert.equal(list.length, 40);
  assert.deepEqual(warnings, []);
  assert.ok(list.every((s) => typeof s.energy === 'number' && s.cell === null));
  assert.deepEqual([...new Set(list.flatMap((s) => s.species))].sort(), ['C', 'H', 'N', 'O', 'S']);
  // By hand with 1 kcal/mol = 0.0433641 eV: methane −417.031 → −18.084174 eV; thiophene (0215) −975.696 → −42.310179 eV.
  assert.ok(Math.abs(byMember(list, 'qm7/0001.xyz').energy! - -18.084174) < 1e-5);
  const thiophene = byMember(list, 'qm7/0215.xyz');
  assert.deepEqual(thiophene.species, ['S', 'C', 'C', 'C', 'C', 'H', 'H', 'H', 'H']);
  assert.ok(Math.abs(thiophene.energy! - -42.310179) < 1e-5);
  // Every row lands on its own molecule: row k of the table is line k.
  for (const line of tableLines) {
    const [name, e] = line.split(/\s+/);
    assert.equal(byMember(list, name).energy, Number(e) * (4.184 / 96.48533212331001), name);
  }
});

test('unpacked files join a table beside them, by the path in the table or by the bare file name', () => {
  const dir = unpacked();
  const list = readStructures('qm7', { cwd: dir, energies: { file: 'hof_qm7.txt', units: 'kcal/mol' } });
  assert.equal(list.length, 40);
  assert.equal(list[0].name, join('qm7', '0001.xyz#0'));
  assert.ok(Math.abs(list[0].energy! - -18.084174) < 1e-5);
  writeFileSync(join(dir, 'bare.txt'), tableLines.map((l) => l.replace(/^qm7\//, '')).join('\n'));
  const bare = readStructures(join(dir, 'qm7', '*.xyz'), { energies: { file: join(dir, 'bare.txt'), units: 'kcal/mol' } });
  assert.deepEqual(bare.map((s) => s.energy), list.map((s) => s.energy));
});

test('molecules without a row are an error that counts them and names the first five', () => {
  const dir = unpacked();
  writeFileSync(join(dir, 'short.txt'), tableLines.slice(7).join('\n'));
  assert.throws(() => readStructures('qm7', { cwd: dir, energies: { file: 'short.txt' } }), (e: unknown) => {
    assert.ok(isLocatedError(e));
    assert.equal(e.location.file, 'short.txt');
    const first = ['0001', '0202', '0215', '0404', '0607'].map((n) => join('qm7', `${n}.xyz#0`)).join(', ');
    assert.equal(e.message.split('; expected')[0], `short.txt: 7 of 40 structures have no row in the energy table: ${first}, … (data.energies)`);
    return true;
  });
});

test('rows that name no structure read are a warning, not an error', () => {
  const dir = unpacked();
  writeFileSync(join(dir, 'more.txt'), `${tableLines.join('\n')}\nqm7/9998.xyz -1.0\nqm7/9999.xyz -2.0\n`);
  const warnings: string[] = [];
  const list = readStructures('qm7', { cwd: dir, energies: { file: 'more.txt' }, onWarning: (w) => warnings.push(w) });
  assert.equal(list.length, 40);
  assert.deepEqual(warnings, ["more.txt: 2 rows name no structure read: 'qm7/9998.xyz' (line 41), 'qm7/9999.xyz' (line 42)"]);
});

test('a bad number in the table stops reading at table:line:column', () => {
  const dir = unpacked();
  const lines = [...tableLines];
  lines[11] = lines[11].replace(/ -[\d.]+ /, ' -12x4.5 ');
  writeFileSync(join(dir, 'bad.txt'), lines.join('\n'));
  assert.throws(() => readStructures('qm7', { cwd: dir, energies: { file: 'bad.txt' } }), /bad\.txt:12:14: bad number '-12x4\.5' in column 2/);
});

test('a multi-frame file needs NAME#k rows; a name that fits two files or two rows for one file are errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-etable-'));
  const frame = (x: number) => `1\nenergy=-1.0\nH ${x} 0 0\n`;
  writeFileSync(join(dir, 'traj.extxyz'), frame(0) + frame(1));
  writeFileSync(join(dir, 'frames.txt'), 'traj.extxyz#1 -3.5\ntraj.extxyz#0 -2.5\n');
  const warnings: string[] = [];
  const list = readStructures('traj.extxyz', { cwd: dir, energies: { file: 'frames.txt' }, onWarning: (w) => warnings.push(w) });
  assert.deepEqual(list.map((s) => s.energy), [-2.5, -3.5]);
  assert.deepEqual(warnings, ["frames.txt: the table's energies replace the energies of 2 structure files"]);
  writeFileSync(join(dir, 'whole.txt'), 'traj.extxyz -3.5\n');
  assert.throws(() => readStructures('traj.extxyz', { cwd: dir, energies: { file: 'whole.txt' } }),
    /whole\.txt:1:1: 'traj\.extxyz' holds 2 frames \(name\); expected one row per frame, named traj\.extxyz#0 … traj\.extxyz#1/);

  for (const sub of ['a', 'b']) { mkdirSync(join(dir, sub)); writeFileSync(join(dir, sub, 'x.xyz'), '1\n\nH 0 0 0\n'); }
  writeFileSync(join(dir, 'x.txt'), 'x.xyz -1\n');
  assert.throws(() => readStructures(['a', 'b'], { cwd: dir, energies: { file: 'x.txt' } }), /x\.txt:1:1: 'x\.xyz' fits 2 files .*spell more of its path/);
  writeFileSync(join(dir, 'twice.txt'), 'a/x.xyz -1\nb/x.xyz -2\nx.xyz#0 -1\n');
  assert.throws(() => readStructures(['a/x.xyz'], { cwd: dir, energies: { file: 'twice.txt' } }),
    /twice\.txt:3:1: 'x\.xyz#0' and 'a\/x\.xyz' \(line 1\) name the same structure/);
});
