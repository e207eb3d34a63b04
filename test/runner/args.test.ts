import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, ArgError } from '../../src/runner/args';

test('parseArgs collects repeated options, flags, = values and positionals', () => {
  const p = parseArgs(['--setup', 'a.stp', '--setup=b.stp', '--json', 'x.xsf', '--out', 'o', 'y.xsf'], {
    values: ['out'], repeatable: ['setup'], flags: ['json'],
  });
  assert.deepEqual(p.lists.setup, ['a.stp', 'b.stp']);
  assert.equal(p.values.out, 'o');
  assert.ok(p.flags.has('json'));
  assert.deepEqual(p.positionals, ['x.xsf', 'y.xsf']);
});

test('parseArgs rejects unknown options and missing values', () => {
  assert.throws(() => parseArgs(['--nope'], {}), ArgError);
  assert.throws(() => parseArgs(['--out'], { values: ['out'] }), /needs a value/);
});
