/**
 * The tailer that follows a run's events.ndjson while another process writes it (issue 17: a window
 * reload rebuilding the live dashboard): every complete line once, a half-written last line only once
 * finished, and a replaced or truncated file read again from its start with the reset said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTailer, readLinesUpTo } from '../../../src/core/run-dir/file-tailer';

function tempFile(t: { after(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tailer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'events.ndjson');
}

test('a file that does not exist yet reads as nothing, then its lines once it is written', (t) => {
  const f = tempFile(t);
  const tail = new FileTailer(f);
  assert.deepEqual(tail.read(), { lines: [], reset: false });
  writeFileSync(f, '{"a":1}\n{"a":2}\n');
  assert.deepEqual(tail.read(), { lines: ['{"a":1}', '{"a":2}'], reset: false });
  assert.deepEqual(tail.read(), { lines: [], reset: false }, 'nothing new: nothing again');
  appendFileSync(f, '{"a":3}\n');
  assert.deepEqual(tail.read().lines, ['{"a":3}']);
  assert.equal(tail.consumed, 24);
});

test('a half-written last line waits for its newline, and comes whole, once', (t) => {
  const f = tempFile(t);
  writeFileSync(f, '{"epoch":1}\n{"epo');
  const tail = new FileTailer(f);
  assert.deepEqual(tail.read().lines, ['{"epoch":1}']);
  assert.equal(tail.consumed, 12, 'the partial line is not consumed');
  appendFileSync(f, 'ch":2');
  assert.deepEqual(tail.read().lines, []);
  appendFileSync(f, '}\n{"epoch":3}\r\n\n');
  assert.deepEqual(tail.read().lines, ['{"epoch":2}', '{"epoch":3}'], 'CRLF and blank lines are dropped');
  assert.equal(tail.consumed, 38);
});

test('a multi-byte character cut between two reads comes out whole', (t) => {
  const f = tempFile(t);
  const line = Buffer.from('{"message":"Å σ"}\n', 'utf8');
  const cut = line.indexOf(0xc3) + 1; // inside the two bytes of Å
  writeFileSync(f, line.subarray(0, cut));
  const tail = new FileTailer(f);
  assert.deepEqual(tail.read().lines, []);
  appendFileSync(f, line.subarray(cut));
  assert.deepEqual(tail.read().lines, ['{"message":"Å σ"}']);
});

test('a truncated file is read again from its start and the read says reset', (t) => {
  const f = tempFile(t);
  writeFileSync(f, '{"a":1}\n{"a":2}\n{"a":3}\n');
  const tail = new FileTailer(f);
  assert.equal(tail.read().lines.length, 3);
  truncateSync(f, 0);
  appendFileSync(f, '{"b":1}\n');
  assert.deepEqual(tail.read(), { lines: ['{"b":1}'], reset: true });
  appendFileSync(f, '{"b":2}\n');
  assert.deepEqual(tail.read(), { lines: ['{"b":2}'], reset: false });
});

test('a file replaced by a rename (a resume rewrites the log atomically) is read from its start, even when longer', (t) => {
  const f = tempFile(t);
  writeFileSync(f, '{"a":1}\n{"a":2}\n');
  const tail = new FileTailer(f);
  tail.read();
  // Same prefix, more lines: the size alone would not tell; the inode does.
  writeFileSync(`${f}.tmp`, '{"a":1}\n{"a":2}\n{"c":3}\n{"c":4}\n');
  renameSync(`${f}.tmp`, f);
  assert.deepEqual(tail.read(), { lines: ['{"a":1}', '{"a":2}', '{"c":3}', '{"c":4}'], reset: true });
});

test('a partial line kept before a truncation is dropped, not glued to the new first line', (t) => {
  const f = tempFile(t);
  writeFileSync(f, '{"a":1}\n{"torn":');
  const tail = new FileTailer(f);
  tail.read();
  truncateSync(f, 0);
  appendFileSync(f, '{"b":1}\n');
  assert.deepEqual(tail.read(), { lines: ['{"b":1}'], reset: true });
});

test('readLinesUpTo gives the complete lines before an offset: the history a tailer handed out', (t) => {
  const f = tempFile(t);
  writeFileSync(f, '{"a":1}\n{"a":2}\n{"a":');
  const tail = new FileTailer(f);
  tail.read();
  appendFileSync(f, '3}\n{"a":4}\n'); // written after the read: not history yet
  assert.deepEqual(readLinesUpTo(f, tail.consumed), ['{"a":1}', '{"a":2}']);
  assert.deepEqual(readLinesUpTo(f, 0), []);
  assert.deepEqual(readLinesUpTo(join(f, '..', 'missing'), 10), []);
});
