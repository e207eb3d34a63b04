/**
 * `data.energies` in a config: the resolved values (units follow data.units), and each mistake as a
 * diagnostic on the key or value that causes it (missing table, archive without member, member of a
 * plain file, a table that does not parse, options without a file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseConfigText, type ConfigDiagnostic } from '../../../src/core/config';

const QM7_40 = join(__dirname, '..', '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
const REFS = '  reference_energies: { H: 0, C: 0, N: 0, O: 0, S: 0 }';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-cfg-'));
  copyFileSync(QM7_40, join(dir, 'qm7.tar.gz'));
  writeFileSync(join(dir, 'bad.txt'), 'qm7/0001.xyz -417.031\nqm7/0202.xyz -1119,05\n');
  return dir;
}

const rows = (ds: ConfigDiagnostic[]) => ds.map((d) => [d.severity, d.code, d.path, d.range.line, d.range.column]);
const check = (dir: string, lines: string[]) => diagnoseConfigText(`${lines.join('\n')}\n`, join(dir, 'run.mlip.yaml'));

test('an archive member table resolves with its column and, unless set, the unit of data.units', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, ['data:', '  structures: qm7.tar.gz', '  units: kcal/mol', '  energies: { file: qm7.tar.gz, member: hof_qm7.txt }', REFS]);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.config!.data.energies, { file: 'qm7.tar.gz', member: 'hof_qm7.txt', column: 2, units: 'kcal/mol' });
  const own = check(dir, ['data:', '  structures: qm7.tar.gz', '  energies: { file: qm7.tar.gz, member: hof_qm7.txt, column: 3, units: kcal/mol }', REFS]);
  assert.deepEqual(own.config!.data.energies, { file: 'qm7.tar.gz', member: 'hof_qm7.txt', column: 3, units: 'kcal/mol' });
  // Without the section nothing changes: energies come from the structure files.
  const none = check(dir, ['data:', '  structures: qm7.tar.gz', REFS]);
  assert.deepEqual(none.config!.data.energies, { file: null, member: null, column: 2, units: 'eV' });
});

test('a missing table, an archive without member and a member of a plain file are errors where written', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (energies: string) => rows(check(dir, ['data:', '  structures: qm7.tar.gz', `  energies: ${energies}`, REFS]).diagnostics);
  assert.deepEqual(at('{ file: hof.txt }'), [['error', 'file-not-found', 'data.energies.file', 3, 21]]);
  assert.deepEqual(at('{ file: qm7.tar.gz }'), [['error', 'missing-member', 'data.energies.file', 3, 21]]);
  assert.deepEqual(at('{ file: bad.txt, member: hof_qm7.txt }'), [['error', 'option-not-applicable', 'data.energies.member', 3, 30]]);
  assert.deepEqual(at('{ member: hof_qm7.txt }'), [['error', 'option-not-applicable', 'data.energies.member', 3, 15]]);
  const noMember = check(dir, ['data:', '  structures: qm7.tar.gz', '  energies: { file: qm7.tar.gz, member: energies.txt }', REFS]).diagnostics;
  assert.deepEqual(rows(noMember), [['error', 'invalid-energy-table', 'data.energies.member', 3, 41]]);
  assert.match(noMember[0]!.message, /archive has no member 'energies\.txt'.*hof_qm7\.txt/);
});

test('a table that does not parse is an error on the file, with the table line in the message', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = check(dir, ['data:', '  structures: qm7.tar.gz', '  energies:', '    file: bad.txt', REFS]);
  assert.deepEqual(rows(r.diagnostics), [['error', 'invalid-energy-table', 'data.energies.file', 4, 11]]);
  assert.match(r.diagnostics[0]!.message, /^bad\.txt:2:14: bad number '-1119,05' in column 2/);
  // The schema keeps the column a value column.
  const col = check(dir, ['data:', '  structures: qm7.tar.gz', '  energies: { file: bad.txt, column: 1 }', REFS]);
  assert.equal(col.diagnostics[0]!.path, 'data.energies.column');
});

test('kcal/mol on XSF data is no longer "no effect" when an energy table follows data.units', (t) => {
  const dir = workspace();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tio2 = join(__dirname, '..', '..', '..', 'examples', 'data', 'tio2-1000-xsf.tar.gz');
  writeFileSync(join(dir, 'tio2.txt'), 'dir_xsf/structure0001.xsf -1\n');
  const base = ['data:', `  structures: ${JSON.stringify(tio2)}`, '  units: kcal/mol', '  reference_energies: { O: 0, Ti: 0 }'];
  assert.deepEqual(rows(check(dir, base).diagnostics), [['warning', 'no-effect', 'data.units', 3, 10]]);
  assert.deepEqual(rows(check(dir, [...base, '  energies: { file: tio2.txt }']).diagnostics), []);
});
