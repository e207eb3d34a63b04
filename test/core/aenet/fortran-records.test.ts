import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FortranRecordReader } from '../../../src/core/aenet/fortran-records';
import { LocatedError } from '../../../src/core/errors';
import { chars, float64s, int32s, records } from './fortran-fixtures';

const payloads = () => [int32s(3), float64s(1.5, -2.25), chars(4, 'Ti', 'O'), int32s(1, 2, 3)];

test('reads typed records framed by 4-byte markers', () => {
  const r = new FortranRecordReader(records(payloads()), 'mem.nn');
  assert.equal(r.markerSize, 4);
  assert.equal(r.int32('n'), 3);
  assert.deepEqual(Array.from(r.float64Array('x', 2)), [1.5, -2.25]);
  assert.deepEqual(r.stringArray('types', 2), ['Ti', 'O']);
  assert.deepEqual(Array.from(r.int32Array('ids', 3)), [1, 2, 3]);
  assert.ok(r.atEnd);
  assert.equal(r.nextRecord, 5);
});

test('detects and reads 8-byte record markers', () => {
  const r = new FortranRecordReader(records(payloads(), 8), 'mem8.nn');
  assert.equal(r.markerSize, 8);
  assert.equal(r.int32('n'), 3);
  assert.deepEqual(Array.from(r.float64Array('x', 2)), [1.5, -2.25]);
  // the first record ends at 8 + 4 + 8 = 20, so the second starts there
  assert.equal(r.position, 20 + 8 + 16 + 8);
});

test('a truncated file names the record, its byte offset and what was expected', () => {
  const full = records(payloads());
  const cut = full.subarray(0, full.length - 10); // inside the 4th record (starts at 12 + 24 + 16 = 52)
  const r = new FortranRecordReader(cut, 'cut.nn');
  r.int32('n'); r.float64Array('x', 2); r.stringArray('types', 2);
  assert.throws(() => r.int32Array('ids', 3), (e: unknown) => {
    assert.ok(e instanceof LocatedError);
    assert.equal(e.location.file, 'cut.nn');
    assert.equal(e.location.field, 'ids');
    assert.match(e.message, /record 4 at byte offset 52 is truncated/);
    assert.match(e.expected ?? '', /12 payload bytes/);
    return true;
  });
});

test('a file that ends between records reports the missing marker', () => {
  const r = new FortranRecordReader(records([int32s(7)]), 'short.nn');
  r.int32('first');
  assert.throws(() => r.float64('second'), /file ends before record 2 at byte offset 12.*\(second\).*4-byte record length marker/);
});

test('mismatched closing marker and wrong record size are located errors', () => {
  const bad = records([int32s(1), int32s(2)]);
  new DataView(bad.buffer).setInt32(20, 99, true); // closing marker of record 2
  const r = new FortranRecordReader(bad, 'bad.nn');
  assert.throws(() => r.float64('scale'), /record 1 at byte offset 0 holds 4 bytes \(scale\); expected 8 bytes/);
  const r2 = new FortranRecordReader(bad, 'bad.nn');
  r2.int32('a');
  assert.throws(() => r2.int32('b'), /closing length marker 99 differs from the opening one 4/);
});

test('bytes that are not Fortran records are rejected at record 1', () => {
  const text = new TextEncoder().encode('this is a text file, not a potential\n');
  assert.throws(() => new FortranRecordReader(text, 'x.nn'), (e: unknown) =>
    e instanceof LocatedError && /byte offset 0, record 1/.test(e.message) && e.location.file === 'x.nn');
  assert.throws(() => new FortranRecordReader(new Uint8Array(0), 'empty.nn'), /empty file/);
});

test('reads big-endian files (gfortran -fconvert=big-endian)', () => {
  // record 1: int32 7; record 2: float64 −1.25, all big-endian, framing included
  const b = new Uint8Array(4 + 4 + 4 + 4 + 8 + 4);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, 4); dv.setInt32(4, 7); dv.setInt32(8, 4);
  dv.setInt32(12, 8); dv.setFloat64(16, -1.25); dv.setInt32(24, 8);
  const r = new FortranRecordReader(b, 'be.nn');
  assert.equal(r.littleEndian, false);
  assert.equal(r.int32('n'), 7);
  assert.equal(r.float64('x'), -1.25);
});
