import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseSweepText, gridPoint, gridSize, gridValues, plannedTrials, trialConfig, type Distribution } from '../../../src/core/sweep';

const dir = mkdtempSync(join(tmpdir(), 'sweep-file-'));
const file = join(dir, 'search.sweep.yaml');
const inlineBase = 'base:\n  data: { structures: data/a.xsf, reference_energies: { Ti: -1, O: -2 } }\n  method: { type: bnn }\n  output: { run_dir: runs/x }\n';

test('a valid sweep file gets every default: TPE, 10 start-up trials, seed 1234, 20 trials, local executor', () => {
  const r = diagnoseSweepText(`${inlineBase}space:\n  training.learning_rate: { log_uniform: [1.0e-5, 1.0e-3] }\n  training.batch_size: { choice: [32, 64] }\n`, file);
  assert.deepEqual(r.diagnostics, []);
  const s = r.spec!;
  assert.equal(s.strategy, 'tpe');
  assert.equal(s.startupTrials, 10);
  assert.equal(s.seed, 1234);
  assert.deepEqual(s.budget, { trials: 20, minutes: null });
  assert.equal(s.executor.type, 'local');
  assert.equal(s.pruning, null);
  assert.deepEqual(s.space.map((p) => [p.path, p.dist.kind]), [['training.learning_rate', 'log_uniform'], ['training.batch_size', 'choice']]);
  assert.equal(s.baseDir, dir);
});

test('problems are located at their line and field: a misspelt config path with did-you-mean, a reversed range, a non-positive log bound', () => {
  const text = `${inlineBase}space:\n  training.learnig_rate: { uniform: [0, 1] }\n  method.bnn.prior_scale: { uniform: [1.5, 0.1] }\n  method.bnn.q_scale: { log_uniform: [0, 0.1] }\n`;
  const r = diagnoseSweepText(text, file);
  assert.equal(r.spec, null);
  const byCode = Object.fromEntries(r.diagnostics.map((d) => [d.code, d]));
  assert.equal(byCode['unknown-field'].range.line, 6);
  assert.equal(byCode['unknown-field'].path, 'space.training.learnig_rate');
  assert.match(byCode['unknown-field'].message, /did you mean "learning_rate"/);
  const ranges = r.diagnostics.filter((d) => d.code === 'invalid-range');
  assert.deepEqual(ranges.map((d) => d.range.line), [7, 8]);
});

test('schema errors keep the config\'s located messages: unknown key, wrong strategy, two distributions in one', () => {
  const r = diagnoseSweepText(`${inlineBase}space:\n  training.epochs: { int: [1, 5], uniform: [1, 2] }\nstrategy: bayes\nbugdet: { trials: 3 }\n`, file);
  const codes = r.diagnostics.map((d) => `${d.code}@${d.range.line}`);
  assert.ok(codes.includes('invalid-enum@7'), codes.join());
  assert.ok(codes.includes('unknown-property@8'), codes.join());
  assert.ok(r.diagnostics.find((d) => d.code === 'unknown-property')!.message.includes('did you mean "budget"'));
});

test('an inline base config is checked as a config, located inside the sweep file', () => {
  const r = diagnoseSweepText('base:\n  data: { structures: a.xsf }\n  training: { learning_rate: -1 }\nspace:\n  training.epochs: { int: [1, 3] }\n', file);
  const d = r.diagnostics.find((x) => x.code === 'out-of-range')!;
  assert.equal(d.path, 'base.training.learning_rate');
  assert.equal(d.range.line, 3);
});

test('a base given by path must exist', () => {
  const r = diagnoseSweepText('base: nowhere.mlip.yaml\nspace:\n  training.epochs: { int: [1, 3] }\n', file);
  assert.equal(r.diagnostics[0].code, 'base-not-found');
  assert.equal(r.diagnostics[0].range.line, 1);
  writeFileSync(join(dir, 'ok.mlip.yaml'), 'data: { structures: a.xsf }\n');
  const ok = diagnoseSweepText('base: ok.mlip.yaml\nspace:\n  training.epochs: { int: [1, 3] }\n', file, { readBase: false });
  assert.deepEqual(ok.diagnostics, []);
});

test('a trial config: base paths absolute, output dropped, each value at its path, continuous draws for integer fields rounded', () => {
  const r = diagnoseSweepText(`${inlineBase}space:\n  training.batch_size: { log_uniform: [32, 512] }\n  network.hidden[1]: { choice: [5, 10] }\n`, file);
  const s = r.spec!;
  assert.equal(s.space[0].dist.kind === 'log_uniform' && s.space[0].dist.integer, true);
  const cfg = trialConfig(s, { 'training.batch_size': 64, 'network.hidden[1]': 10 }) as { data: { structures: string }; output?: unknown; training: { batch_size: number }; network: { hidden: number[] } };
  assert.equal(cfg.data.structures, join(dir, 'data/a.xsf'));
  assert.equal(cfg.output, undefined);
  assert.equal(cfg.training.batch_size, 64);
  assert.equal(cfg.network.hidden[1], 10);
});

test('grid: choices as listed, continuous ranges at `steps` points (geometric for log), the last parameter fastest', () => {
  const lr: Distribution = { kind: 'log_uniform', lo: 1e-5, hi: 1e-3, steps: 3, integer: false };
  const b: Distribution = { kind: 'choice', values: [32, 64] };
  assert.deepEqual(gridValues(lr).map((v) => +(v as number).toPrecision(6)), [1e-5, 1e-4, 1e-3]);
  assert.deepEqual(gridValues({ kind: 'int', lo: 1, hi: 2, steps: 5 }), [1, 2]);
  assert.equal(gridSize([lr, b]), 6);
  assert.deepEqual(gridPoint([lr, b], 3).map((v) => +(v as number).toPrecision(6)), [1e-4, 64]);
  assert.equal(plannedTrials({ strategy: 'grid', space: [{ path: 'a', dist: lr }, { path: 'b', dist: b }], budget: { trials: 20, minutes: null } }), 6);
});

test('every shipped example search loads without a diagnostic, its base config found beside it', () => {
  const examples = join(__dirname, '..', '..', '..', 'examples');
  const files = readdirSync(examples).filter((f) => f.endsWith('.sweep.yaml')).sort();
  assert.deepEqual(files, ['paper-search-lrt.sweep.yaml', 'paper-search.sweep.yaml', 'qm7-radial-search.sweep.yaml']);
  for (const f of files) {
    const path = join(examples, f);
    const r = diagnoseSweepText(readFileSync(path, 'utf8'), path);
    assert.deepEqual(r.diagnostics, [], f);
    assert.ok(r.spec!.space.length >= 6, `${f}: the paper's search space`);
  }
});
