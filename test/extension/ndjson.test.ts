import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../src/extension/runs/ndjson';

test('lines cut anywhere by stdout chunking come out whole, even inside a multi-byte character', () => {
  const text = '{"a":"Å"}\n{"b":2}\r\n\n{"c":"σ"}\n{"torn":';
  const bytes = Buffer.from(text, 'utf8');
  const s = new LineSplitter();
  const out: string[] = [];
  // One byte at a time: the worst chunking a pipe can produce.
  for (let i = 0; i < bytes.length; i++) out.push(...s.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(out, ['{"a":"Å"}', '{"b":2}', '{"c":"σ"}']);
  assert.equal(s.end(), '{"torn":');
  assert.equal(s.end(), undefined);
});
