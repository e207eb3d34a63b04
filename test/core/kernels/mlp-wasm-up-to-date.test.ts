/** The committed base64 module is what mlp.wat assembles to: nobody edits one without the other. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('src/core/kernels/mlp-wasm.ts is mlp.wat assembled (scripts/build-kernels.mjs --check)', () => {
  const r = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'scripts', 'build-kernels.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
