import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readStructures } from '../../../src/core/structures';

const fixtures = join(__dirname, 'fixtures');
const longPath =
  'a-folder-whose-name-is-long-enough-that-ustar-needs-its-prefix-field/and-a-second-level-folder-also-quite-long/' +
  'structure-with-a-file-name-that-is-long-as-well-0001.xsf';

for (const format of ['gnu', 'pax', 'ustar']) {
  test(`a ${format} tar.gz written by GNU tar yields its XSF members by full path, skipping links, folders and READMEs`, () => {
    const archive = `members-${format}.tar.gz`;
    const s = readStructures(archive, { cwd: fixtures });
    assert.deepEqual(s.map((x) => x.name), [`${archive}:${longPath}`, `${archive}:short2.xsf`]);
    assert.deepEqual(s.map((x) => x.energy), [-3209.9, -3210.25]);
    assert.deepEqual(s.map((x) => x.source.member), [longPath, 'short2.xsf']);
    assert.deepEqual(s[0].species, ['Ti', 'O', 'O']);
  });
}
