/**
 * The language server's element scan is bounded: an absurd declared count ends with the file instead
 * of looping to it, and a worker scan past its time limit is stopped, its unread files recorded
 * without elements.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFileElements } from '../../src/core/config/scan-elements';
import { workerScanner } from '../../language-server/scan-worker';
import { ensureServerBuilt, SERVER_JS } from '../language-server/helpers/build';
import { TIO2_ARCHIVE } from '../helpers/tiny-tio2-config';

const dir = mkdtempSync(join(tmpdir(), 'mlip-scan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('declared counts of 10^20 (extended XYZ) and 10^9 (XSF) cost a pass over the file, not a loop to the count', () => {
  const xyz = join(dir, 'huge.extxyz');
  const xsf = join(dir, 'huge.xsf');
  writeFileSync(xyz, '99999999999999999999\nenergy=-1\nTi 0 0 0\n');
  writeFileSync(xsf, 'CRYSTAL\nPRIMVEC\n 4 0 0\n 0 4 0\n 0 0 4\nPRIMCOORD\n1000000000 1\nO 0 0 0\n');
  const t0 = performance.now();
  assert.deepEqual([...scanFileElements(xyz)], ['Ti']);
  assert.deepEqual([...scanFileElements(xsf)], ['O']);
  assert.ok(performance.now() - t0 < 100);
});

test('a worker scan past its time limit stops and records its unread files without elements', async () => {
  ensureServerBuilt();
  const stopped = await workerScanner(SERVER_JS, 1)([TIO2_ARCHIVE], new AbortController().signal);
  assert.deepEqual(stopped.map((r) => [r.path, r.elements]), [[TIO2_ARCHIVE, []]]);
  assert.ok(stopped[0]!.stamp !== 'missing');
  const full = await workerScanner(SERVER_JS)([TIO2_ARCHIVE], new AbortController().signal);
  assert.deepEqual(full[0]!.elements, ['O', 'Ti']);
});
