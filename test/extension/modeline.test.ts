import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { namesOurSchema } from '../../src/extension/modeline';

test('the examples\' modeline names our schema, so a plain .yaml copy of them is a training config', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'tio2-lrt-fast.mlip.yaml'), 'utf8');
  assert.ok(namesOurSchema(text));
});

test('modelines naming other schemas, or none, leave a YAML file alone', () => {
  assert.ok(namesOurSchema('# yaml-language-server: $schema=https://example.org/x/mlip-config.schema.json\ndata: {}'));
  assert.ok(!namesOurSchema('# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json\non: push'));
  assert.ok(!namesOurSchema('# yaml-language-server: $schema=../schemas/not-mlip-config.schema.json.bak'));
  assert.ok(!namesOurSchema('data:\n  structures: a.xsf\n'));
});
