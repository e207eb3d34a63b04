import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigLanguageService } from '../../../language-server/service/service';
import { caret } from '../helpers/caret';
import { REPO } from '../helpers/build';

const service = new ConfigLanguageService();
const SWEEP_URI = pathToFileURL(join(REPO, 'examples', 'virtual.sweep.yaml')).href;
const CONFIG_URI = pathToFileURL(join(REPO, 'examples', 'virtual.mlip.yaml')).href;

test('the shipped paper-search examples (quick and full size) have no diagnostics under the sweep schema', () => {
  for (const name of ['paper-search.sweep.yaml', 'paper-search-lrt.sweep.yaml']) {
    const text = readFileSync(join(REPO, 'examples', name), 'utf8');
    assert.deepEqual(service.diagnostics(text, pathToFileURL(join(REPO, 'examples', name)).href).diagnostics, [], name);
  }
});

test('the schema is picked by file name: sweep keys are valid in *.sweep.yaml and unknown in *.mlip.yaml', () => {
  const text = 'base: tio2-lrt-fast.mlip.yaml\nspace:\n  training.learning_rate: { log_uniform: [1.0e-5, 1.0e-3] }\nstrategy: tpe\n';
  assert.deepEqual(service.diagnostics(text, SWEEP_URI).diagnostics, []);
  const asConfig = service.diagnostics(text, CONFIG_URI).diagnostics.map((d) => d.code);
  assert.ok(asConfig.includes('unknown-property'), asConfig.join());
});

test('a sweep file\'s problems are located: a misspelt config path, a missing base, a bad strategy', () => {
  const text = 'base: nowhere.mlip.yaml\nspace:\n  training.learnig_rate: { uniform: [0, 1] }\nstrategy: bayes\n';
  const ds = service.diagnostics(text, SWEEP_URI).diagnostics;
  const at = Object.fromEntries(ds.map((d) => [String(d.code), d.range.start.line]));
  assert.equal(at['invalid-enum'], 3);
  // The schema error stops the deeper checks; fix it and they run.
  const fixed = service.diagnostics(text.replace('bayes', 'tpe'), SWEEP_URI).diagnostics;
  assert.deepEqual(fixed.map((d) => [d.code, d.range.start.line]), [['unknown-field', 2], ['base-not-found', 0]]);
  assert.match(fixed[0].message, /did you mean "learning_rate"/);
});

test('completion: sweep keys at the top, config field paths under space:, and no config keys', () => {
  const top = caret('base: a.mlip.yaml\n|');
  const labels = service.complete(top.text, SWEEP_URI, top.position).items.map((i) => i.label);
  for (const k of ['space', 'strategy', 'pruning', 'budget', 'executor']) assert.ok(labels.includes(k), k);
  assert.ok(!labels.includes('data'));
  const space = caret('base: a.mlip.yaml\nspace:\n  training.batch_size: { choice: [32] }\n  |');
  const paths = service.complete(space.text, SWEEP_URI, space.position).items.map((i) => i.label);
  assert.ok(paths.includes('method.bnn.prior_scale') && paths.includes('training.learning_rate'));
  assert.ok(!paths.includes('training.batch_size'), 'already in the space');
});

test('hover on a space key shows the config field\'s documentation; sweep files get no train lenses', () => {
  const h = caret('base: a.mlip.yaml\nspace:\n  method.bnn.prior_s|cale: { log_uniform: [0.1, 1.5] }\n');
  const hover = service.hover(h.text, SWEEP_URI, h.position);
  assert.match(JSON.stringify(hover?.contents), /prior/i);
  assert.deepEqual(service.codeLenses(SWEEP_URI), []);
  assert.equal(service.codeLenses(CONFIG_URI).length, 3);
});
