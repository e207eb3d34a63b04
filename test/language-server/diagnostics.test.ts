import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './helpers/lsp-client';
import { invalidExample, textAt } from './helpers/fixtures';

// Each invalid example with the diagnostics it must produce: code, severity (1 error, 2 warning),
// 0-based range, and the text under the range (what a user sees squiggled).
type Expected = [code: string, severity: number, range: string, text: string];
const TABLE: Record<string, Expected[]> = {
  'lsp-unknown-key.mlip.yaml': [['unknown-property', 1, '5:2-5:14', 'radial_cutof']],
  'lsp-enum-typo.mlip.yaml': [['invalid-enum', 1, '7:15-7:21', 'flipot']],
  'lsp-quoted-number.mlip.yaml': [['invalid-type', 1, '5:17-5:24', '"0.001"']],
  'lsp-missing-structures.mlip.yaml': [['missing-property', 1, '1:0-1:4', 'data']],
  'lsp-bnn-on-ensemble.mlip.yaml': [['option-not-applicable', 1, '6:2-6:5', 'bnn']],
  'lsp-syntax-and-schema.mlip.yaml': [['yaml-syntax', 1, '6:2-6:15', 'batch_size 32'], ['invalid-enum', 1, '8:14-8:18', 'tahn']],
  'lsp-json-comments.mlip.json': [['unknown-property', 1, '7:2-7:9', '"methd"']],
  'lsp-json-syntax.mlip.json': [['json-syntax', 1, '4:4-4:5', '"'], ['invalid-enum', 1, '7:29-7:36', '"tanhh"']],
  'lsp-anchors.mlip.yaml': [
    ['extra-document', 2, '15:0-16:0', 'training: { epochs: 10 }'],
    ['unknown-property', 1, '9:6-9:19', 'angular_cutof'],
    ['invalid-type', 1, '12:20-12:24', '"20"'],
  ],
  'lsp-unrealistic.mlip.yaml': [
    ['unrealistic-value', 2, '5:17-5:21', '15.0'],
    ['unrealistic-value', 2, '9:13-9:14', '1'],
    ['unrealistic-value', 2, '11:17-11:20', '0.5'],
  ],
  'lsp-missing-data.mlip.yaml': [['data-not-found', 1, '2:14-2:34', 'no-such-folder/*.xsf']],
  'lsp-angular-above-radial.mlip.yaml': [['angular-above-radial', 1, '6:18-6:21', '5.0']],
};

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(async () => { await client.stop(); });

function fmt(r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

test('each invalid example yields exactly its diagnostics, on the exact ranges, with source and code', async () => {
  for (const [name, expected] of Object.entries(TABLE)) {
    const { uri, text } = invalidExample(name);
    client.open(uri, text);
    const got = await client.diagnostics(uri);
    const sorted = [...got].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    assert.deepEqual(
      sorted.map((d) => [d.code, d.severity, fmt(d.range), textAt(text, d.range)]),
      [...expected].sort((a, b) => Number(a[2].split(':')[0]) - Number(b[2].split(':')[0])),
      name,
    );
    for (const d of got) {
      assert.equal(d.source, 'mlip-uq', name);
      assert.ok(String(d.message).length > 10, `${name}: readable message`);
    }
    client.close(uri);
  }
  assert.deepEqual(client.errors, []);
});

test('a missing reference energy appears after the data is scanned in the background, on the reference_energies key', async () => {
  const { uri, text } = invalidExample('lsp-missing-reference-energy.mlip.yaml');
  const refreshed = client.nextRefresh();
  client.open(uri, text);
  const first = await client.diagnostics(uri);
  assert.deepEqual(first.map((d) => d.code), [], 'schema-level answer comes first, without waiting for the data');
  await refreshed;
  const later = await client.diagnostics(uri);
  assert.deepEqual(later.map((d) => [d.code, fmt(d.range), textAt(text, d.range)]), [['missing-reference-energy', '3:2-3:20', 'reference_energies']]);
  assert.match(String(later[0]!.message), /Ti/);
  assert.deepEqual((later[0]!.data as { missing: string[] }).missing, ['Ti']);
  client.close(uri);
});

test('the valid shipped examples give no errors', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { REPO } = await import('./helpers/build');
  const dir = join(REPO, 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mlip.yaml'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const uri = pathToFileURL(join(dir, f)).href;
    client.open(uri, readFileSync(join(dir, f), 'utf8'));
    const errors = (await client.diagnostics(uri)).filter((d) => d.severity === 1);
    assert.deepEqual(errors, [], f);
    client.close(uri);
  }
});
