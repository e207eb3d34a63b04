/** The unchecked events reader of the runner and the CLI: objects kept as written, torn and non-object lines skipped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventLines } from '../../../src/core/run-dir/read-run-dir';

test('readEventLines keeps every JSON object line as written and skips blank, non-object and torn lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-events-'));
  const file = join(dir, 'events.ndjson');
  assert.deepEqual(readEventLines(file), [], 'no events file: no events');
  writeFileSync(file, [
    '{"type":"started","custom":1}', '', 'null', '[1,2]', '7', '{"type":"epoch","epoch":2}', '{"type":"fini',
  ].join('\n'));
  assert.deepEqual(readEventLines(file), [{ type: 'started', custom: 1 }, { type: 'epoch', epoch: 2 }]);
});

test('readEventLines refuses an events path it cannot read instead of calling it empty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-events-'));
  assert.throws(() => readEventLines(dir), /EISDIR/);
});
