/** A trial's config lives in OUT/trials/NNNN/: every path of the base's data section is made absolute. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absolutePaths } from '../../../src/core/sweep/trial-config';

test('structures, given sets, the energy table and the split file all resolve against the base config\'s folder', () => {
  const out = absolutePaths({
    data: {
      structures: ['a.xyz', '/abs/b.xyz'], test_structures: 'test.xyz', validation_structures: ['val/*.xyz'],
      energies: { file: 'e.txt' }, split_file: { train: 'train.txt', validation: null, test: 'test.txt' },
    },
    descriptor: { stp_files: { Ti: 'Ti.stp' } },
  }, '/base');
  assert.deepEqual(out.data, {
    structures: ['/base/a.xyz', '/abs/b.xyz'], test_structures: '/base/test.xyz', validation_structures: ['/base/val/*.xyz'],
    energies: { file: '/base/e.txt' }, split_file: { train: '/base/train.txt', validation: null, test: '/base/test.txt' },
  });
  assert.deepEqual(out.descriptor, { stp_files: { Ti: '/base/Ti.stp' } });
  assert.equal((absolutePaths({ data: { split_file: 'runs/a/split.json' } }, '/base').data as { split_file: string }).split_file, '/base/runs/a/split.json');
});
