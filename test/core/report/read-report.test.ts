import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocatedError } from '../../../src/core/errors';
import { readReport } from '../../../src/core/report/read-report';
import { findJsonSyntaxError } from '../../../src/core/json/json-syntax-error';

const validText = readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'examples', 'report', 'valid.uqreport.json'), 'utf8');

function rejects(run: () => unknown, check: (e: LocatedError) => void): void {
  assert.throws(run, (e: unknown) => { assert.ok(e instanceof LocatedError, String(e)); check(e); return true; });
}

test('syntax errors are located by line and column', () => {
  assert.deepEqual(findJsonSyntaxError('{"a": 1,\n  "b": }'), { offset: 16, line: 2, column: 8, message: "expected a value, found '}'" });
  assert.match(findJsonSyntaxError('{"a": [1, 2')!.message, /end of the text/);
  assert.deepEqual({ ...findJsonSyntaxError('[1]\n x') }, { offset: 5, line: 2, column: 2, message: 'unexpected text after the end of the JSON value' });
  assert.equal(findJsonSyntaxError('{"a": "x\\u00e9", "b": [true, false, null, -1.5e3]}'), null);
  assert.match(findJsonSyntaxError('{"a" 1}')!.message, /expected ':'/);
});

test('a truncated report names the line and column where the text stops', () => {
  const cut = validText.slice(0, 5000);
  const lines = cut.split('\n');
  rejects(() => readReport({ text: cut, file: 'r.uqreport.json' }), (e) => {
    assert.equal(e.location.file, 'r.uqreport.json');
    assert.ok(e.location.line! >= lines.length - 1 && e.location.line! <= lines.length, `line ${e.location.line} of ${lines.length}`);
  });
});

test('50 MB of junk is rejected quickly with a located error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uqreport-'));
  try {
    const path = join(dir, 'junk.uqreport.json');
    const junk = randomBytes(50 * 1024 * 1024);
    junk[0] = 0x01; // never a '{' by chance: the located position is then always 1:1
    writeFileSync(path, junk);
    const t0 = Date.now();
    rejects(() => readReport({ path }), (e) => {
      assert.equal(e.location.file, path);
      assert.equal(e.location.line, 1);
    });
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    // Valid JSON that is not a report: 5 MB of numbers in an array, also refused at the top level.
    writeFileSync(path, `[${'1234567,'.repeat(650_000)}0]`);
    const t1 = Date.now();
    rejects(() => readReport({ path }), (e) => assert.match(e.message, /starts with an array/));
    // Junk after a plausible start: the parser stops at the first bad character.
    writeFileSync(path, Buffer.concat([Buffer.from('{"kind": "mlip-uq-report", "x": @'), randomBytes(5 * 1024 * 1024)]));
    const t2 = Date.now();
    rejects(() => readReport({ path }), (e) => assert.deepEqual([e.location.line, e.location.column], [1, 33]));
    assert.ok(Date.now() - t2 < 5000, `took ${Date.now() - t2} ms`);
    assert.ok(Date.now() - t1 < 5000, `took ${Date.now() - t1} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file above the size cap is refused before it is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uqreport-'));
  try {
    const path = join(dir, 'big.uqreport.json');
    writeFileSync(path, validText);
    rejects(() => readReport({ path }, { maxBytes: 1000 }), (e) => assert.match(e.message, /above the 0\.0 MB limit/));
    assert.equal(readReport({ path }).kind, 'mlip-uq-report');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wrong kinds of file get a clear message: not an object, another kind, a missing file', () => {
  rejects(() => readReport({ text: '"hello"' }), (e) => assert.match(e.message, /starts with '"'/));
  rejects(() => readReport({ text: '{"kind": "something-else"}' }), (e) => assert.equal(e.location.field, '/kind'));
  rejects(() => readReport({ path: '/nonexistent/x.uqreport.json' }), (e) => assert.match(e.message, /cannot read/));
});

test('a byte-order mark does not stop a valid report from loading', () => {
  assert.equal(readReport({ text: `\ufeff${validText}` }).kind, 'mlip-uq-report');
});

test('millions of nested brackets are refused before parsing, with the position', () => {
  const deep = `{"kind": "mlip-uq-report",\n "x": ${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`;
  const t0 = Date.now();
  rejects(() => readReport({ text: deep }), (e) => {
    assert.match(e.message, /nested more than 64 levels/);
    assert.equal(e.location.line, 2);
    assert.equal(e.location.column, 7 + 63);
  });
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  // Brackets inside strings do not count.
  assert.equal(readReport({ text: validText.replace('"notes": [', `"notes": ["${'[{'.repeat(100)}", `) }).kind, 'mlip-uq-report');
});
