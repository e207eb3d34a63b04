/** The unchecked events reader the CLI uses: objects kept as written, torn and non-object lines skipped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventObjects } from '../../../src/core/run-dir/read-run-dir';

test('readEventObjects keeps every JSON object line as written and skips blank, non-object and torn lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-events-'));
  assert.deepEqual(readEventObjects(dir), [], 'no events file: no events');
  writeFileSync(join(dir, 'events.ndjson'), [
    '{"type":"started","custom":1}', '', 'null', '[1,2]', '7', '{"type":"epoch","epoch":2}', '{"type":"fini',
  ].join('\n'));
  assert.deepEqual(readEventObjects(dir), [{ type: 'started', custom: 1 }, { type: 'epoch', epoch: 2 }]);
});
