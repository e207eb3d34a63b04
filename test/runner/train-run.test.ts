/**
 * `mlip-uq train` end to end on a 40-structure TiO2 sample: the run directory's contents and first event,
 * cancel by SIGTERM with a checkpoint and a clean exit, --resume reaching the very numbers of an
 * uninterrupted run, bad configs refused before training with located messages, and a corrupted
 * checkpoint detected instead of loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { isLocatedError } from '../../src/core/errors';
import { loadRunConfig, runTraining } from '../../src/runner/train-run';
import type { RunEvent } from '../../src/protocol/events';
import { TIO2_ARCHIVE as archive, writeTinyTio2Config } from '../helpers/tiny-tio2-config';
import { readEventsFile } from '../helpers/run-events';

const repo = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'mlip-train-'));

function config(name: string, body: string): string {
  return writeTinyTio2Config(join(work, `${name}.mlip.yaml`), { limit: 40, env: ['O', 'Ti'], body });
}

const events = readEventsFile;

const ensembleCfg = () => config('ensemble', `method: { type: ensemble, ensemble: { members: 2 } }
training: { epochs: 3, batch_size: 16, learning_rate: 0.003, backend: wasm, seed: 2 }
evaluation: { calibration_every: 3 }`);

test('a run writes config, split, events (backend first), checkpoint, model, predictions with σ and the report', async () => {
  const dir = join(work, 'run-a');
  const r = await runTraining({ configFile: ensembleCfg(), runDir: dir });
  assert.equal(r.status, 'completed');
  for (const f of ['config.resolved.json', 'split.json', 'events.ndjson', 'checkpoint.json', 'model.json', 'predictions.json', 'report.uqreport.json']) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  const ev = events(dir);
  assert.equal(ev[0].type, 'started');
  if (ev[0].type === 'started') {
    assert.equal(ev[0].backend, 'wasm');
    assert.match(ev[0].backendReason, /wasm/);
    // An energy-only ensemble trains on the wasm SIMD kernels, and the first event says so.
    assert.equal(ev[0].engine, 'wasm-simd-kernels');
    assert.deepEqual(ev[0].data.elements, ['O', 'Ti']);
    assert.equal(ev[0].data.train + ev[0].data.validation + ev[0].data.test, 40);
  }
  assert.ok(ev.some((e) => e.type === 'featurize'));
  const epochs = ev.filter((e) => e.type === 'epoch');
  assert.equal(epochs.length, 3);
  for (const e of epochs) if (e.type === 'epoch') assert.equal(e.members?.length, 2);
  assert.ok(ev.some((e) => e.type === 'calibration' && e.expected.length === e.observed.length));
  assert.equal(ev.filter((e) => e.type === 'checkpoint').length, 3);
  const fin = ev[ev.length - 1];
  assert.equal(fin.type, 'finished');
  const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(repo, 'schemas', 'run-event.schema.json'), 'utf8')));
  for (const e of ev) assert.ok(validate(e), `${e.type}: ${JSON.stringify(validate.errors)}`);
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Record<string, string[]>;
  assert.equal(split.train.length + split.validation.length + split.test.length, 40);
  assert.ok(split.test.every((n) => !split.train.includes(n)));
  const preds = JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8')) as { sets: { test: { structures: { name: string; energyStd: number }[] } } };
  assert.deepEqual(preds.sets.test.structures.map((s) => s.name), split.test);
  assert.ok(preds.sets.test.structures.every((s) => s.energyStd > 0));
});

const longCfg = () => config('long', `method: { type: deterministic }
training: { epochs: 25, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 5, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }`);

test('SIGTERM checkpoints and exits cleanly; --resume continues to the numbers of an uninterrupted run', async () => {
  const cfg = longCfg();
  const dir = join(work, 'run-killed');
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src', 'runner', 'cli.ts'), 'train', cfg, '--run-dir', dir], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  // Kill once two epochs are on record.
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    if (existsSync(join(dir, 'events.ndjson')) && events(dir).filter((e) => e.type === 'epoch').length >= 2) break;
  }
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  const killed = events(dir);
  const fin = killed[killed.length - 1];
  assert.ok(fin.type === 'finished' && fin.stopped === 'cancelled', JSON.stringify(fin));
  const doneEpochs = killed.filter((e) => e.type === 'epoch').length;
  assert.ok(doneEpochs < 25, 'stopped early');

  const resumed = await runTraining({ configFile: cfg, runDir: dir, resume: true });
  assert.equal(resumed.status, 'completed');
  const all = events(dir);
  const restart = all.filter((e) => e.type === 'started');
  assert.equal(restart.length, 2);
  assert.ok(restart[1].type === 'started' && restart[1].resumedFromEpoch === doneEpochs);
  const epochNumbers = all.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0));
  assert.deepEqual(epochNumbers, Array.from({ length: 25 }, (_, i) => i + 1));

  const straight = join(work, 'run-straight');
  await runTraining({ configFile: cfg, runDir: straight });
  const lastOf = (evs: RunEvent[]) => evs.filter((e) => e.type === 'epoch').pop();
  const a = lastOf(all);
  const b = lastOf(events(straight));
  assert.ok(a?.type === 'epoch' && b?.type === 'epoch');
  assert.equal(a.trainLoss, b.trainLoss);
  assert.equal(a.valEnergyRmse, b.valEnergyRmse);
});

test('a corrupted checkpoint is detected and not loaded', async () => {
  const dir = join(work, 'run-a');
  const file = join(dir, 'checkpoint.json');
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf('"epoch');
  writeFileSync(file, text.slice(0, i) + text.slice(i).replace(/\d/, (d) => String((Number(d) + 1) % 10)));
  const r = await runTraining({ configFile: ensembleCfg(), runDir: dir, resume: true });
  assert.equal(r.status, 'failed');
  assert.match(r.message ?? '', /checksum mismatch/);
  const last = events(dir).pop();
  assert.ok(last?.type === 'failed' && /checksum/.test(last.message));
});

const badConfigs: [string, string, RegExp, string][] = [
  ['wrong type', `training: { epochs: ten }`, /epochs|integer|number/i, 'training.epochs'],
  ['unknown estimator', `method: { type: bnn, bnn: { estimator: mcdropout } }`, /estimator|mcdropout|lrt/i, 'method.bnn.estimator'],
];

for (const [name, body, message, field] of badConfigs) {
  test(`bad config (${name}) fails before training with a located message`, async () => {
    const file = config(name.replace(/\s/g, '-'), body);
    const dir = join(work, `bad-${name.replace(/\s/g, '-')}`);
    await assert.rejects(runTraining({ configFile: file, runDir: dir }), (e: unknown) => {
      assert.ok(isLocatedError(e), String(e));
      assert.equal(e.location.file, file);
      assert.ok((e.location.line ?? 0) > 1);
      assert.match(e.message, message);
      assert.match(e.message, new RegExp(field.split('.').pop()!));
      return true;
    });
    assert.ok(!existsSync(dir), 'no run directory for a refused config');
  });
}

test('bad config (missing reference energy) fails before training, naming the element', () => {
  const file = join(work, 'noref.mlip.yaml');
  writeFileSync(file, `data:\n  structures: ${JSON.stringify(archive)}\n  reference_energies: { O: -432.503149303 }\n  limit: 10\n`);
  assert.throws(() => loadRunConfig(file), (e: unknown) => isLocatedError(e) && /Ti/.test(e.message) && (e.location.line ?? 0) >= 2);
});

test('bad config (empty data) fails before training, pointing at data.structures', () => {
  const empty = join(work, 'empty');
  mkdirSync(empty, { recursive: true });
  const file = join(work, 'empty.mlip.yaml');
  writeFileSync(file, `data:\n  structures: ${JSON.stringify(join(empty, '*.xsf'))}\n  reference_energies: { O: -432.5, Ti: -1604.6 }\n`);
  assert.throws(() => loadRunConfig(file), (e: unknown) => isLocatedError(e) && e.location.field === 'data.structures' && e.location.line === 2);
});
