import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/config/line-index';

// 'a' CR 'b' CR LF 'c' LF 'd': four lines in any editor (offsets 0, 2, 5, 7).
const text = 'a\rb\r\nc\nd';

test('LF, CRLF and a lone CR each end a line, so parser ranges and editor positions agree', () => {
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  assert.deepEqual([0, 2, 5, 7].map((o) => lines.position(o)), [
    { line: 0, character: 0 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 0 },
  ]);
  assert.deepEqual(lines.sourceRange(5, 8), { start: 5, end: 8, line: 3, column: 1, endLine: 4, endColumn: 2 });
  assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineText(l)), ['a', 'b', 'c', 'd']);
  assert.equal(lines.offset({ line: 1, character: 9 }), 3);
});
