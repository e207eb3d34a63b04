import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCache } from '../../../src/core/descriptors';
import { reference, repoRoot } from '../../core/descriptors/reference-fixture';

const cli = join(repoRoot, 'dist', 'cli.js');
const archive = join(repoRoot, 'examples', 'data', 'tio2-1000-xsf.tar.gz');

function stp(el: string): string {
  const f = reference.fingerprint_setup;
  return `ATOM ${el}\nENV 2\nTi\nO\nRMIN ${f.rmin}d0\nBASIS type=Chebyshev\nradial_Rc = ${f.radial_Rc} radial_N = ${f.radial_N} angular_Rc = ${f.angular_Rc} angular_N = ${f.angular_N}\n`;
}

function setupDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'featurize-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const el of ['Ti', 'O']) writeFileSync(join(dir, `${el}.fingerprint.stp`), stp(el));
  // The XSF file exactly as shipped in the archive.
  const r = spawnSync('tar', ['-xzf', archive, '-C', dir, 'dir_xsf/structure1107.xsf']);
  assert.equal(r.status, 0, String(r.stderr));
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [cli, 'featurize', '--setup', join(dir, 'Ti.fingerprint.stp'), '--setup', join(dir, 'O.fingerprint.stp'), ...args], { encoding: 'utf8', cwd: dir, maxBuffer: 1 << 28 });
}

test('featurize --json --derivatives prints aenet\'s descriptors and dense Jacobian for an XSF file', (t) => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const dir = setupDir(t);
  const r = run(dir, [join(dir, 'dir_xsf/structure1107.xsf'), '--json', '--derivatives']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const ref = reference.structures.find((s) => s.xsf === 'structure1107.xsf')!;
  assert.equal(out.structures.length, 1);
  const s = out.structures[0];
  assert.match(s.file, /structure1107\.xsf$/);
  assert.equal(s.energy, ref.total_energy_eV);
  ref.atoms.forEach((a, i) => {
    assert.equal(s.atoms[i].element, a.element);
    assert.deepEqual(s.atoms[i].position, a.position);
    for (let n = 0; n < 56; n++) assert.ok(Math.abs(s.atoms[i].descriptor[n] - a.descriptor[n]) < 1e-10);
  });
  const J = ref.descriptor_jacobian!.dG_dR;
  for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) for (let c = 0; c < 3; c++) for (let n = 0; n < 56; n++) {
    assert.ok(Math.abs(s.jacobian[i][k][c][n] - J[i][k][c][n]) < 1e-9);
  }
});

test('featurize without --json writes the binary cache and one summary line; bad set-ups are located errors', (t) => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const dir = setupDir(t);
  const r = run(dir, [join(dir, 'dir_xsf/structure1107.xsf'), '--out', 'f.bin']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^featurized 1 structures, 6 atoms, 336 descriptor values -> f\.bin/);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const cache = decodeCache(readFileSync(join(dir, 'f.bin')));
  const ref = reference.structures.find((s) => s.xsf === 'structure1107.xsf')!;
  for (let n = 0; n < 56; n++) assert.ok(Math.abs(cache.records[0].descriptors.values[n] - ref.atoms[0].descriptor[n]) < 1e-10);

  writeFileSync(join(dir, 'O.fingerprint.stp'), stp('O').replace('radial_N = 20', 'radial_N = twenty'));
  const bad = run(dir, [join(dir, 'dir_xsf/structure1107.xsf'), '--json']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /O\.fingerprint\.stp:6: bad value "twenty" for radial_N \(BASIS\.radial_N\); expected a number/);
});
