/**
 * The "Validate data" path: `mlip-uq featurize --config CONFIG` checks a config's data as a run reads
 * them (the editor's lens ran `featurize CONFIG`, which always failed asking for --setup); and
 * featurize without --out writes no file (it wrote an 821 MB features.bin into the current folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../core/descriptors/reference-fixture';
import { writeTinyTio2Config } from '../../helpers/tiny-tio2-config';

const cli = join(repoRoot, 'dist', 'cli.js');
const cliRun = (cwd: string, args: string[]) => spawnSync(process.execPath, [cli, 'featurize', ...args], { encoding: 'utf8', cwd });

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'featurize-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('featurize --config reports the data a run would read: counts, elements, energies, the split', (t) => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const dir = tempDir(t);
  const cfg = writeTinyTio2Config(join(dir, 'tiny.mlip.yaml'), { limit: 40, env: ['O', 'Ti'], body: 'method: { type: ensemble }' });
  const r = cliRun(dir, ['--config', cfg]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /: 40 structures, \d+ atoms/);
  assert.match(r.stdout, /elements: O \(\d+ atoms in \d+ structures\), Ti \(\d+ atoms in \d+ structures\)/);
  assert.match(r.stdout, /energies: 40 of 40 structures; forces: \d+ of 40/);
  assert.match(r.stdout, /sets: train \d+ · validation \d+ \(drawn\) · test \d+ \(drawn\)/);
  assert.match(r.stdout, /data ready to train\n$/);
  const json = JSON.parse(cliRun(dir, ['--config', cfg, '--json']).stdout) as { structures: number; sets: { train: number; validation: number; test: number }; elements: { element: string }[] };
  assert.equal(json.structures, 40);
  assert.equal(json.sets.train + json.sets.validation + json.sets.test, 40);
  assert.deepEqual(json.elements.map((e) => e.element), ['O', 'Ti']);
  assert.deepEqual(readdirSync(dir).sort(), ['tiny.mlip.yaml'], 'nothing written');
});

test('featurize --config names a problem and exits 1; a bad config is a located error', (t) => {
  const dir = tempDir(t);
  // Ti has no descriptor set-up in env: a run could not featurize it.
  const cfg = writeTinyTio2Config(join(dir, 'no-ti.mlip.yaml'), { limit: 10, env: ['O'], body: 'method: { type: ensemble }' });
  const r = cliRun(dir, ['--config', cfg]);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /Ti/);
  const bad = join(dir, 'bad.mlip.yaml');
  writeFileSync(bad, 'data: { structures: nowhere.xsf }\ntraining: { batch_size: -1 }\n');
  const b = cliRun(dir, ['--config', bad]);
  assert.notEqual(b.status, 0);
  assert.match(b.stderr, /bad\.mlip\.yaml:\d+:\d+/);
});

test('featurize without --out prints a summary and writes no cache', (t) => {
  const dir = tempDir(t);
  const stp = (el: string) => `ATOM ${el}\nENV 2\nTi\nO\nRMIN 0.55d0\nBASIS type=Chebyshev\nradial_Rc = 4.0 radial_N = 3 angular_Rc = 3.0 angular_N = 2\n`;
  for (const el of ['Ti', 'O']) writeFileSync(join(dir, `${el}.stp`), stp(el));
  assert.equal(spawnSync('tar', ['-xzf', join(repoRoot, 'examples', 'data', 'tio2-1000-xsf.tar.gz'), '-C', dir, 'dir_xsf/structure1107.xsf']).status, 0);
  const r = cliRun(dir, ['--setup', 'Ti.stp', '--setup', 'O.stp', 'dir_xsf/structure1107.xsf']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^featurized 1 structures, 6 atoms, \d+ descriptor values \(nothing written: --out FILE writes the [\d.]+ MiB cache\)/);
  assert.deepEqual(readdirSync(dir).sort(), ['O.stp', 'Ti.stp', 'dir_xsf']);
});
