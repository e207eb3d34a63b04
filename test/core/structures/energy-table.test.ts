/**
 * The energy table on its own: rows `NAME ENERGY …`, the chosen column, kcal/mol → eV, comments, and
 * each bad row located at table:line:column; and where the table lives (plain, gzip, archive member).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isLocatedError } from '../../../src/core/errors';
import { parseEnergyTable, readEnergyTable } from '../../../src/core/structures';

const QM7_ARCHIVE = join(__dirname, '..', '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');

/** Asserts a LocatedError at the given line (and column) whose message matches. */
function throwsAt(fn: () => unknown, line: number | undefined, column: number | undefined, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLocatedError(e), String(e));
    assert.equal(e.location.line, line);
    assert.equal(e.location.column, column);
    assert.match(e.message, message);
    return true;
  });
}

test('rows give the name and the energy of column 2; comments, blank lines and extra columns are skipped', () => {
  const t = parseEnergyTable('# name E_PBE0 E_DFTB\nqm7/0001.xyz -417.031 -431.787271961\n\n  qm7/0002.xyz\t-711.117 -730.8\n', 'hof.txt');
  assert.equal(t.file, 'hof.txt');
  assert.deepEqual(t.rows, [
    { name: 'qm7/0001.xyz', energy: -417.031, line: 2 },
    { name: 'qm7/0002.xyz', energy: -711.117, line: 4 },
  ]);
});

test('column picks another value column; kcal/mol becomes eV (1 kcal/mol = 0.0433641 eV)', () => {
  const text = 'qm7/0001.xyz -417.031 -431.787271961\nqm7/0215.xyz -975.696 -977.257873249\n';
  const pbe0 = parseEnergyTable(text, 'hof.txt', { units: 'kcal/mol' }).rows.map((r) => r.energy);
  // By hand: −417.031 × 0.0433641 = −18.084174 eV; −975.696 × 0.0433641 = −42.310179 eV.
  assert.ok(Math.abs(pbe0[0] - -18.084174) < 1e-5, String(pbe0[0]));
  assert.ok(Math.abs(pbe0[1] - -42.310179) < 1e-5, String(pbe0[1]));
  const dftb = parseEnergyTable(text, 'hof.txt', { column: 3, units: 'kcal/mol' }).rows.map((r) => r.energy);
  // −431.787271961 × 0.0433641 = −18.724066 eV (0.0433641 has 6 digits: agreement to 1e-5 eV).
  assert.ok(Math.abs(dftb[0] - -18.724066) < 1e-5, String(dftb[0]));
  assert.equal(parseEnergyTable(text, 'hof.txt', { column: 3 }).rows[1].energy, -977.257873249);
});

test('a non-numeric energy is an error at table:line:column', () => {
  throwsAt(() => parseEnergyTable('a.xyz -1.0\nb.xyz -2.O\n', 'hof.txt'), 2, 7, /^hof\.txt:2:7: bad number '-2\.O' in column 2/);
  throwsAt(() => parseEnergyTable('a.xyz 1 nan\n', 'hof.txt', { column: 3 }), 1, 9, /bad number 'nan' in column 3/);
  // An uncommented header is a bad number on line 1, and the message says how to write one.
  throwsAt(() => parseEnergyTable('name energy\na.xyz 1\n', 'hof.txt'), 1, 6, /a header line must start with #/);
});

test('a row without the energy column, a name listed twice and an empty table are errors', () => {
  throwsAt(() => parseEnergyTable('a.xyz -1\nb.xyz\n', 'hof.txt'), 2, 1, /row has 1 column, the energy is column 2/);
  throwsAt(() => parseEnergyTable('a.xyz -1 -2\n', 'hof.txt', { column: 4 }), 1, 1, /row has 3 columns, the energy is column 4/);
  throwsAt(() => parseEnergyTable('a.xyz -1\nb.xyz -2\na.xyz -3\n', 'hof.txt'), 3, 1, /'a\.xyz' is listed twice \(lines 1 and 3\)/);
  throwsAt(() => parseEnergyTable('# only a comment\n\n', 'hof.txt'), 1, undefined, /energy table has no rows/);
  throwsAt(() => parseEnergyTable('a.xyz -1\n', 'hof.txt', { column: 1 }), undefined, undefined, /energy column 1 is not a value column/);
});

test('a table is read from a text file, a gzip file or a member of a .tar.gz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-etable-'));
  writeFileSync(join(dir, 'e.txt'), 'x.xyz 1.5\n');
  writeFileSync(join(dir, 'e.txt.gz'), gzipSync('x.xyz 2.5\n'));
  assert.deepEqual(readEnergyTable({ file: 'e.txt' }, dir).rows, [{ name: 'x.xyz', energy: 1.5, line: 1 }]);
  assert.equal(readEnergyTable({ file: join(dir, 'e.txt.gz') }).rows[0].energy, 2.5);
  const t = readEnergyTable({ file: QM7_ARCHIVE, member: 'hof_qm7.txt', units: 'kcal/mol' });
  assert.equal(t.file, `${QM7_ARCHIVE}:hof_qm7.txt`);
  assert.equal(t.rows.length, 40);
  assert.deepEqual({ ...t.rows[0], energy: 0 }, { name: 'qm7/0001.xyz', energy: 0, line: 1 });
  assert.ok(Math.abs(t.rows[0].energy - -18.084174) < 1e-5, 'methane: −417.031 kcal/mol');
});

test('an archive without member, a member that is not there, and a member of a plain file are located errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-etable-'));
  writeFileSync(join(dir, 'e.txt'), 'x.xyz 1.5\n');
  assert.throws(() => readEnergyTable({ file: QM7_ARCHIVE }), /the energy table is an archive; name the table inside it \(data\.energies\.member\); expected member: /);
  assert.throws(() => readEnergyTable({ file: QM7_ARCHIVE, member: 'energies.txt' }),
    /archive has no member 'energies\.txt' \(data\.energies\.member\); expected one of its non-structure members: hof_qm7\.txt, LICENSE/);
  assert.throws(() => readEnergyTable({ file: 'e.txt', member: 'hof_qm7.txt' }, dir), /'e\.txt' is not an archive, so it has no member 'hof_qm7\.txt'/);
  assert.throws(() => readEnergyTable({ file: 'missing.txt' }, dir), /missing\.txt: cannot read energy table \(ENOENT\)/);
});
