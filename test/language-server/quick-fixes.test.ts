import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './helpers/lsp-client';
import { invalidExample, textAt } from './helpers/fixtures';
import { applyEdits } from './helpers/caret';

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(async () => { await client.stop(); });

/** Opens an example, asks for fixes of the diagnostic with `code`, applies the preferred one, returns the new text and its diagnostics. */
async function applyFix(name: string, code: string, waitForData = false, title?: string) {
  const { uri, text } = invalidExample(name);
  const refreshed = waitForData ? client.nextRefresh() : undefined;
  refreshed?.catch(() => undefined);
  client.open(uri, text);
  let target = (await client.diagnostics(uri)).find((d) => d.code === code);
  // Data-dependent diagnostics arrive after the background scan (unless an earlier test cached it).
  if (!target && refreshed) {
    await refreshed;
    target = (await client.diagnostics(uri)).find((d) => d.code === code);
  }
  assert.ok(target, `${name}: ${code} reported`);
  const actions = await client.codeActions(uri, target.range, [target]);
  const fix = title ? actions.find((a) => a.title === title) : actions.find((a) => a.isPreferred) ?? actions[0];
  assert.ok(fix?.edit?.changes?.[uri], `${name}: a quick fix for ${code}`);
  const fixed = applyEdits(text, fix.edit.changes[uri]);
  client.replace(uri, fixed);
  const after: Diagnostic[] = await client.diagnostics(uri);
  client.close(uri);
  return { fixed, after, title: fix.title, text };
}

test('did-you-mean renames an unknown key and the file becomes clean', async () => {
  const r = await applyFix('lsp-unknown-key.mlip.yaml', 'unknown-property');
  assert.equal(r.title, 'Change to "radial_cutoff"');
  assert.match(r.fixed, /^ {2}radial_cutoff: 6\.5$/m);
  assert.deepEqual(r.after, []);
});

test('did-you-mean replaces a misspelt enum value', async () => {
  const r = await applyFix('lsp-enum-typo.mlip.yaml', 'invalid-enum');
  assert.match(r.fixed, /^ {4}estimator: flipout$/m);
  assert.deepEqual(r.after, []);
});

test('a quoted number is unquoted', async () => {
  const r = await applyFix('lsp-quoted-number.mlip.yaml', 'invalid-type');
  assert.match(r.fixed, /^ {2}learning_rate: 0\.001$/m);
  assert.deepEqual(r.after, []);
});

test('a quoted number inside a merge-key block is unquoted where it is written', async () => {
  const r = await applyFix('lsp-anchors.mlip.yaml', 'invalid-type');
  assert.match(r.fixed, /^ {6}radial_order: 20$/m);
  assert.deepEqual(r.after.map((d) => d.code).sort(), ['extra-document', 'unknown-property']);
});

test('a missing required property is added under its parent with the schema example', async () => {
  const r = await applyFix('lsp-missing-structures.mlip.yaml', 'missing-property');
  assert.equal(r.title, 'Add "structures"');
  assert.match(r.fixed, /^data:\n {2}units: eV\n {2}reference_energies:\n {4}O: -432\.503149303\n {4}Ti: -1604\.604515075\n {2}structures: data\/tio2-1000-xsf\.tar\.gz\nnetwork:/m);
  // The schema is satisfied; the example path does not exist next to this file, which is what remains.
  assert.deepEqual(r.after.map((d) => d.code), ['data-not-found']);
});

test('missing reference energies are added as a stub block for the elements found in the data', async () => {
  const r = await applyFix('lsp-missing-reference-energy.mlip.yaml', 'missing-reference-energy', true);
  assert.match(r.fixed, /^ {2}reference_energies:\n {4}O: -432\.503149303\n {4}Ti: 0\.0 {2}# TODO/m);
  // The stub does not pass silently (issue 17: a run would train on a 0 eV reference without a word).
  assert.deepEqual(r.after.map((d) => [d.code, d.severity, textAt(r.fixed, d.range)]), [['placeholder-reference-energy', 2, '0.0']]);
  assert.match(String(r.after[0].message), /^TODO: set the isolated-atom energy of Ti/);
});

test('with no reference energy written, the fix fits them from the data instead of writing zeros that pass', async () => {
  const r = await applyFix('lsp-no-reference-energies.mlip.yaml', 'missing-reference-energy', true);
  assert.equal(r.title, 'Fit reference energies from the training data (reference_energies: fit)');
  assert.match(r.fixed, /^ {2}reference_energies: fit$/m);
  assert.deepEqual(r.after, []);
});

test('a negative batch size is put back to its default', async () => {
  const r = await applyFix('lsp-negative-batch-size.mlip.yaml', 'out-of-range');
  assert.equal(r.title, 'Use the default (32)');
  assert.match(r.fixed, /^ {2}batch_size: 32$/m);
  assert.deepEqual(r.after, []);
});

test('the did-you-mean fix range is exactly the unknown key', async () => {
  const { uri, text } = invalidExample('lsp-json-comments.mlip.json');
  client.open(uri, text);
  const [d] = await client.diagnostics(uri);
  const actions = await client.codeActions(uri, d!.range, [d!]);
  const edit = actions[0]!.edit!.changes![uri]![0]!;
  assert.equal(textAt(text, edit.range), '"methd"');
  assert.equal(edit.newText, '"method"');
  client.close(uri);
});

test('options of a method that is not selected are removed as a whole block', async () => {
  const r = await applyFix('lsp-bnn-on-ensemble.mlip.yaml', 'option-not-applicable');
  assert.equal(r.title, 'Remove "bnn"');
  assert.ok(r.fixed.endsWith('method:\n  type: ensemble\n'), r.fixed);
  assert.deepEqual(r.after, []);
});

test('an unknown JSON property can be removed with its comma, leaving valid JSON', async () => {
  const r = await applyFix('lsp-json-comments.mlip.json', 'unknown-property', false, 'Remove "methd"');
  assert.ok(!r.fixed.includes('methd'));
  assert.deepEqual(r.after, []);
  // Still JSON once the comments are gone.
  JSON.parse(r.fixed.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''));
});
