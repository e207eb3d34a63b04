/**
 * Issue 13: the reference-energy quick fix writes `Ti: 0.0` stubs, which the language server flags as a
 * warning (placeholder-reference-energy), not an error, so the config still trains. A terminal run must
 * say it too: `mlip-uq train` and `featurize --config` print it located (file, line, column, field)
 * before training, and the run's events carry it right after `started`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../core/descriptors/reference-fixture';
import { TIO2_ARCHIVE } from '../helpers/tiny-tio2-config';

const cli = join(repoRoot, 'dist', 'cli.js');

// `Ti: 0.0` is on line 5; its value starts at column 9.
const CONFIG = `data:
  structures: ${JSON.stringify(TIO2_ARCHIVE)}
  reference_energies:
    O: -432.503149303
    Ti: 0.0
  limit: 20
descriptor: { radial_cutoff: 4.0, radial_order: 3, angular_cutoff: 3.0, angular_order: 2, env: [O, Ti] }
method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 2, batch_size: 8, backend: wasm }
evaluation: { calibration_every: 0 }
`;

const WARNING = 'placeholder.mlip.yaml:5:9: warning placeholder-reference-energy: TODO: set the isolated-atom energy of Ti '
  + "(0 eV beside O's -432.503149303 eV is a placeholder), or use reference_energies: fit (data.reference_energies.Ti)";

function setUp(t: { after: (fn: () => void) => void }): string {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'config-warnings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'placeholder.mlip.yaml'), CONFIG);
  return dir;
}

test('train prints a 0 eV placeholder reference energy as a located warning before training, and its events carry it after started', (t) => {
  const dir = setUp(t);
  const r = spawnSync(process.execPath, [cli, 'train', 'placeholder.mlip.yaml', '--run-dir', 'run'], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.deepEqual(lines, [`mlip-uq train: ${WARNING}`, `mlip-uq train: completed (${join(dir, 'run')})`]);
  const events = readFileSync(join(dir, 'run', 'events.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; message?: string; epoch?: number });
  assert.equal(events[0].type, 'started');
  assert.deepEqual(events[1], { ...events[1], type: 'warning', message: WARNING });
  assert.equal(events.filter((e) => e.type === 'epoch').length, 2, 'it trains: the warning does not stop the run');
});

test('featurize --config prints the same located warning and still says the data are ready', (t) => {
  const dir = setUp(t);
  const r = spawnSync(process.execPath, [cli, 'featurize', '--config', 'placeholder.mlip.yaml'], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `mlip-uq featurize: ${WARNING}\n`);
  assert.match(r.stdout, /data ready to train\n$/);
});

test('real reference energies beside each other print no config warning', (t) => {
  const dir = setUp(t);
  writeFileSync(join(dir, 'real.mlip.yaml'), CONFIG.replace('Ti: 0.0', 'Ti: -1604.604515075'));
  const r = spawnSync(process.execPath, [cli, 'featurize', '--config', 'real.mlip.yaml'], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});
