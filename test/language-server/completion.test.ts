import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { LspClient } from './helpers/lsp-client';
import { caret } from './helpers/caret';
import { REPO } from './helpers/build';

// Documents live (virtually) in examples/, so relative paths resolve against the shipped data folder.
const YAML_URI = pathToFileURL(join(REPO, 'examples', 'completion-test.mlip.yaml')).href;
const JSON_URI = pathToFileURL(join(REPO, 'examples', 'completion-test.mlip.json')).href;

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(async () => { await client.stop(); });

async function completeAt(marked: string, uri = YAML_URI): Promise<CompletionItem[]> {
  const { text, position } = caret(marked);
  client.open(uri, text);
  const list: CompletionList = await client.complete(uri, position);
  client.close(uri);
  return list.items;
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const newText = (item: CompletionItem | undefined) => (item?.textEdit as { newText: string } | undefined)?.newText;

test('keys valid at the cursor, skipping siblings already present above and below', async () => {
  const items = await completeAt('descriptor:\n  radial_cutoff: 6.5\n  |\n  angular_order: 3\n');
  assert.deepEqual(labels(items), ['angular_cutoff', 'elements', 'env', 'radial_order', 'rmin', 'stp_files']);
});

test('top-level keys skip sections already written', async () => {
  const items = await completeAt('data:\n  structures: a.xsf\n|');
  assert.ok(!labels(items).includes('data'));
  for (const k of ['descriptor', 'network', 'method', 'training', 'evaluation', 'output']) assert.ok(labels(items).includes(k), k);
});

test('a key typed without its colon yet still completes from its block', async () => {
  const items = await completeAt('training:\n  learn|');
  assert.ok(labels(items).includes('learning_rate'));
  assert.ok(!labels(items).includes('data'));
});

test('enum values come with their descriptions and the default is marked', async () => {
  const items = await completeAt('method:\n  type: bnn\n  bnn:\n    estimator: |');
  assert.deepEqual(labels(items), ['flipout', 'lrt', 'radial']);
  const lrt = items.find((i) => i.label === 'lrt')!;
  assert.equal(lrt.detail, 'default');
  assert.match((lrt.documentation as { value: string }).value, /Local reparameterisation/);
});

test('booleans are offered for boolean settings', async () => {
  const items = await completeAt('method:\n  type: ensemble\n  ensemble:\n    bootstrap: |');
  assert.deepEqual(labels(items), ['false', 'true']);
});

test('estimator options are not offered on a non-BNN method', async () => {
  const items = await completeAt('method:\n  type: ensemble\n  |');
  assert.deepEqual(labels(items), ['ensemble']);
});

test('a section with required properties is inserted as a whole block snippet', async () => {
  const items = await completeAt('|');
  const data = items.find((i) => i.label === 'data');
  assert.equal(newText(data), 'data:\n  structures: ${1:data/tio2-1000-xsf.tar.gz}');
  assert.equal(data?.insertTextFormat, 2);
  const method = items.find((i) => i.label === 'method');
  assert.equal(newText(method), 'method:\n  ${1}');
});

test('file paths relative to the config: folders, then structure files inside them', async () => {
  // A folder of our own, so what other runs leave next to the examples cannot change the answer.
  const dir = mkdtempSync(join(tmpdir(), 'mlip-lsp-paths-'));
  try {
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'data', 'tio2.tar.gz'), '');
    writeFileSync(join(dir, 'data', 'water.extxyz'), '');
    writeFileSync(join(dir, 'data', 'notes.txt'), '');
    const uri = pathToFileURL(join(dir, 'paths.mlip.yaml')).href;
    assert.deepEqual(labels(await completeAt('data:\n  structures: d|', uri)), ['data/', 'docs/']);
    const inData = await completeAt('data:\n  structures: data/|', uri);
    assert.deepEqual(labels(inData), ['tio2.tar.gz', 'water.extxyz'], 'structure files only');
    assert.equal(newText(inData.find((i) => i.label === 'tio2.tar.gz')), 'data/tio2.tar.gz');
    assert.deepEqual(labels(await completeAt('data:\n  structures:\n    - data/w|', uri)), ['tio2.tar.gz', 'water.extxyz']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('element symbols found in the data complete reference-energy keys and the env list', async () => {
  const text = 'data:\n  structures: data/tio2-1000-xsf.tar.gz\n  reference_energies:\n    O: -432.503149303\n';
  const refreshed = client.nextRefresh();
  refreshed.catch(() => undefined);
  client.open(YAML_URI, text);
  const first = await client.diagnostics(YAML_URI);
  if (!first.some((d) => d.code === 'missing-reference-energy')) await refreshed;
  client.close(YAML_URI);
  const keys = await completeAt(text + '    |');
  assert.deepEqual(labels(keys), ['Ti']);
  assert.equal(newText(keys[0]), 'Ti: ${1:0}');
  const env = await completeAt(text + 'descriptor:\n  env:\n    - |');
  assert.deepEqual(labels(env), ['O', 'Ti']);
});

test('JSON: keys inside an object and enum values inside quotes', async () => {
  const keys = await completeAt('{"method": {"ty|"}}', JSON_URI);
  assert.deepEqual(labels(keys), ['ensemble', 'type']);
  assert.equal(newText(keys.find((i) => i.label === 'type')), '"type": ${1|"ensemble","deterministic","bnn"|}');
  const values = await completeAt('{"method": {"type": "|"}}', JSON_URI);
  assert.deepEqual(labels(values), ['bnn', 'deterministic', 'ensemble']);
});

test('completion answers on text that does not parse', async () => {
  const items = await completeAt('data: [\ntraining:\n  optimizer:\n    ty|\n  seed: 1');
  assert.deepEqual(labels(items), ['beta1', 'beta2', 'epsilon', 'type', 'weight_decay']);
  assert.deepEqual(client.errors, []);
});

test('nothing is offered inside a comment', async () => {
  assert.deepEqual(await completeAt('# yaml-language-server: $schema=x|\ndata:\n  structures: a.xsf\n'), []);
  assert.deepEqual(await completeAt('method:\n  type: bnn  # the B|'), []);
});

test('inside a YAML flow mapping, keys and values complete on one line', async () => {
  const keys = await completeAt('data:\n  structures: a.xsf\n  split: { train: 0.8, |}\n');
  assert.deepEqual(labels(keys), ['seed', 'test', 'validation']);
  assert.equal(newText(keys.find((i) => i.label === 'validation')), 'validation: ${1:0.1}');
  const values = await completeAt('training:\n  optimizer: { type: |');
  assert.deepEqual(labels(values), ['adam']);
});
