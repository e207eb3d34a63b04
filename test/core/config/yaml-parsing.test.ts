import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseConfigText, parseConfigText, type SourceRange } from '../../../src/core/config';
import { mulberry32 } from '../../helpers/mulberry32';

/** [line, column, endLine, endColumn] of a range, 1-based. */
const at = (r: SourceRange | undefined) => (r ? [r.line, r.column, r.endLine, r.endColumn] : undefined);

const ANCHORS = [
  'data:',
  '  structures: a.xsf',
  'descriptor:',
  '  radial_cutoff: &rc 6.0',
  '  elements:',
  '    Ti: &wide { radial_cutoff: *rc, angular_cutoff: 3.5 }',
  '    O:',
  '      <<: *wide',
  '      angular_order: 8',
  '    Zr: *wide',
  '',
].join('\n');

test('anchors, aliases and merge keys resolve to plain values', () => {
  const p = parseConfigText(ANCHORS, 'a.mlip.yaml');
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual((p.value as { descriptor: unknown }).descriptor, {
    radial_cutoff: 6.0,
    elements: {
      Ti: { radial_cutoff: 6.0, angular_cutoff: 3.5 },
      O: { radial_cutoff: 6.0, angular_cutoff: 3.5, angular_order: 8 },
      Zr: { radial_cutoff: 6.0, angular_cutoff: 3.5 },
    },
  });
});

test('values reached through an alias or a merge key point at the anchored text; the alias itself at *name; the anchor is not part of a value', () => {
  const m = parseConfigText(ANCHORS, 'a.mlip.yaml').locations;
  assert.deepEqual(at(m.get('/descriptor/radial_cutoff')?.range), [4, 22, 4, 25]);
  assert.deepEqual(at(m.get('/descriptor/radial_cutoff')?.keyRange), [4, 3, 4, 16]);
  assert.deepEqual(at(m.get('/descriptor/elements/Ti/radial_cutoff')?.range), [6, 32, 6, 35], 'the *rc alias');
  // Merged: the anchored Ti block's own key; explicit: its own line.
  assert.deepEqual(at(m.get('/descriptor/elements/O/angular_cutoff')?.range), [6, 53, 6, 56]);
  assert.deepEqual(at(m.get('/descriptor/elements/O/angular_order')?.range), [9, 22, 9, 23]);
  assert.deepEqual(at(m.get('/descriptor/elements/Zr')?.range), [10, 9, 10, 14]);
  assert.deepEqual(at(m.get('/descriptor/elements/Zr/angular_cutoff')?.range), [6, 53, 6, 56]);
});

test('a schema error inside an aliased block is reported on the anchored value', () => {
  const text = 'data: {structures: a.xsf}\nmethod:\n  type: ensemble\n  ensemble: &e { members: 0 }\n';
  const r = diagnoseConfigText(text, '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.path, d.range.line, d.range.column]), [['out-of-range', 'method.ensemble.members', 4, 27]]);
});

test('a multi-document file uses the first document and warns on the others', () => {
  const text = 'data:\n  structures: a.xsf\n---\nnetwork:\n  hidden: [3]\n';
  const r = diagnoseConfigText(text, '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.code, d.range.line, d.range.column]), [['warning', 'extra-document', 4, 1]]);
  assert.deepEqual(r.config?.network.hidden, [15, 15]);
  // Leading comments and an explicit first `---` still count as one document.
  const one = diagnoseConfigText('# c\n---\ndata: {structures: a.xsf}\n', '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(one.diagnostics, []);
});

test('a syntax error is located and the rest of the file is still checked', () => {
  const text = 'data:\n  structures: a.xsf\nnetwork:\n  hidden: [15, 15\ntraining:\n  learning_rte: 1\n';
  const r = diagnoseConfigText(text, '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.line, d.range.column]), [
    ['yaml-syntax', 5, 1],
    ['unknown-property', 6, 3],
  ]);
  assert.equal(r.config, null);
});

test('keys missing in the middle of the tree are reported on the parent key', () => {
  const r = diagnoseConfigText('network: {}\ndata:\n  format: xsf\n', '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.pointer, at(d.range)]), [['missing-property', '/data/structures', [2, 1, 2, 5]]]);
});

test('a collection used as a key is a schema error, not an exception', () => {
  const text = 'data:\n  structures: a.xsf\n[a, b]: 1\n';
  const r = diagnoseConfigText(text, '/v/x.mlip.yaml', { semantics: false });
  // The yaml package names such keys its own way; the error may fall back to the enclosing mapping.
  assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.code]), [['error', 'unknown-property']]);
});

test('mangled configs never throw (seeded mutations of an example)', () => {
  const base = 'data:\n  structures: [a.xsf]\n  reference_energies: { O: -1, Ti: -2 }\nbase: &b { members: 3 }\nmethod:\n  type: ensemble\n  ensemble:\n    <<: *b\n';
  const junk = ['', ' ', ':', '-', '[', ']', '{', '}', '"', '&a', '*a', '*b', '<<', '#', '\n', '? ', '!!str ', '---\n', '1e999', ','];
  const rnd = mulberry32(7);
  for (let i = 0; i < 300; i++) {
    let t = base;
    for (let k = 0; k < 3; k++) {
      const p = Math.floor(rnd() * t.length);
      t = rnd() < 0.5 ? t.slice(0, p) + t.slice(p + 1 + Math.floor(rnd() * 4)) : t.slice(0, p) + junk[Math.floor(rnd() * junk.length)] + t.slice(p);
    }
    for (const file of ['/v/x.mlip.yaml', '/v/x.mlip.json']) {
      assert.doesNotThrow(() => diagnoseConfigText(t, file, { semantics: false }), JSON.stringify(t));
    }
  }
});

test('list and string constraints read as sentences on the offending item', () => {
  const text = 'data:\n  structures: []\ndescriptor:\n  env: [Ti, O, Ti, ti]\nnetwork:\n  hidden: []\noutput:\n  run_dir: ""\n';
  const r = diagnoseConfigText(text, '/v/x.mlip.yaml', { semantics: false });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.path, at(d.range), d.message]), [
    ['item-count', 'data.structures', [2, 15, 2, 17], 'data.structures needs at least 1 item'],
    ['duplicate-item', 'descriptor.env[2]', [4, 16, 4, 18], 'descriptor.env lists "Ti" twice'],
    ['invalid-element', 'descriptor.env[3]', [4, 20, 4, 22], '"ti" is not an element symbol (descriptor.env[3])'],
    ['item-count', 'network.hidden', [6, 11, 6, 13], 'network.hidden needs at least 1 item'],
    ['empty-value', 'output.run_dir', [8, 12, 8, 14], 'output.run_dir must not be empty'],
  ]);
});
