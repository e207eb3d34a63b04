/**
 * Run events are checked against schemas/run-event.schema.json where they enter the extension: real runs'
 * events pass, malformed lines are refused with their line in events.ndjson and the offending field, and
 * the schema and src/protocol/events.ts describe the same events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunEventType } from '../../src/protocol/events';
import { parseEventsText } from '../../src/core/run-dir/read-run-dir';
import { schemaEventTypes, validateEvent } from '../../src/core/run-dir/validate-event';

const fixture = (...p: string[]) => readFileSync(join(__dirname, ...p), 'utf8');
const recorded = {
  ensemble: fixture('..', 'webview', 'fixtures', 'ensemble.events.ndjson'),
  bnn: fixture('..', 'webview', 'fixtures', 'bnn.events.ndjson'),
  'no validation set': fixture('fixtures', 'no-validation.events.ndjson'),
};

for (const [name, text] of Object.entries(recorded)) {
  test(`every event of a real ${name} run validates against the schema`, () => {
    const { events, rejected } = parseEventsText(text);
    assert.deepEqual(rejected, []);
    assert.equal(events.length, text.trim().split('\n').length);
    assert.equal(events.at(-1)?.type, 'finished');
  });
}

test('a run without a validation set (null validation RMSE, members without one) is still read in full', () => {
  const { events } = parseEventsText(recorded['no validation set']);
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.equal(epochs.length, 2);
  assert.ok(epochs.every((e) => e.valEnergyRmse === null && e.members?.length === 2 && e.members.every((m) => m.valEnergyRmse === undefined)));
});

test('malformed lines are refused with their line number and the JSON pointer of the field at fault', () => {
  const lines = recorded.ensemble.trim().split('\n');
  const obj = (type: string) => JSON.parse(lines.find((l) => JSON.parse(l).type === type)!) as Record<string, unknown>;
  const epoch = obj('epoch');
  const { backend: _b, ...noBackend } = obj('started');
  const bad: [unknown, string, RegExp][] = [
    [{ ...epoch, trainLoss: 'low' }, '/trainLoss', /^epoch event: field \/trainLoss should be a number or null$/],
    [{ ...epoch, members: [{ trainLoss: 1 }, { trainLoss: 'x' }] }, '/members/1/trainLoss', /members\/1\/trainLoss should be a number or null/],
    [{ ...epoch, epoch: 2.5 }, '/epoch', /field \/epoch should be an integer/],
    [noBackend, '/backend', /^started event: field \/backend is missing$/],
    [{ ...obj('checkpoint'), size: 3 }, '/size', /^checkpoint event: unknown field \/size$/],
    [{ ...obj('finished'), stopped: 'bored' }, '/stopped', /should be one of "completed", "early-stopping", "cancelled", "time-budget"/],
    [{ ...obj('calibration'), expected: 'all' }, '/expected', /calibration event: field \/expected should be an array/],
    [{ ...epoch, type: 'explode' }, '/type', /unknown event type "explode"/],
    [{ ...epoch, v: 99 }, '/v', /protocol v99 is newer/],
  ];
  // One good line first, then the bad ones, then a torn line: line numbers are 1-based lines of the file.
  const text = [lines[0], ...bad.map(([e]) => JSON.stringify(e)), lines[5].slice(0, 30)].join('\n');
  const { events, rejected } = parseEventsText(text, '/runs/r1/events.ndjson');
  assert.equal(events.length, 1);
  assert.equal(rejected.length, bad.length + 1);
  bad.forEach(([, field, reason], i) => {
    const r = rejected[i];
    assert.equal(r.line, i + 2);
    assert.equal(r.field, field, r.reason);
    assert.match(r.reason, reason);
    assert.equal(r.message, `/runs/r1/events.ndjson:${i + 2}: ${r.reason}`);
  });
  const torn = rejected.at(-1)!;
  assert.equal(torn.line, bad.length + 2);
  assert.match(torn.reason, /^not JSON/);
  assert.equal(torn.field, undefined);
});

/**
 * One event of every type, with every optional field set, written against the TypeScript types: a type
 * added to events.ts without an example here fails to compile, and a field the schema lacks fails below.
 */
const base = { v: 1, t: '2026-11-25T00:00:00.000Z', run: 'r1' };
const everyEvent: { [K in RunEventType]: Required<Extract<RunEvent, { type: K }>> } = {
  started: {
    ...base, type: 'started', backend: 'wasm', backendReason: 'tfjs-node not installed', engine: 'wasm-simd-kernels', engineReason: 'training steps on the wasm SIMD MLP kernels', threads: 1, versions: { node: '20' },
    configHash: 'ab', configFile: 'a.mlip.yaml', method: 'ensemble', estimator: 'lrt', members: 3, heteroscedastic: true, epochs: 10,
    trainForces: true, data: { structures: 10, atoms: 100, elements: ['O', 'Ti'], train: 8, validation: 1, test: 1 }, resumedFromEpoch: 2,
  },
  featurize: { ...base, type: 'featurize', done: 1, total: 2, seconds: 0.1 },
  epoch: {
    ...base, type: 'epoch', epoch: 1, epochs: 10, trainLoss: 1, dataTerm: 0.9, klTerm: 0.1, valLoss: 1, valEnergyRmse: 0.01, valForceRmse: 0.1,
    learningRate: 1e-3, seconds: 1, etaSeconds: 9, members: [{ trainLoss: 1, valEnergyRmse: 0.01, valForceRmse: 0.1 }], best: true,
  },
  calibration: {
    ...base, type: 'calibration', epoch: 1, set: 'validation', quantity: 'energy', expected: [0, 1], observed: [0, 1], mace: 0, nll: -1, sigmaScale: 1.5,
    parity: { y: [1], mu: [1], sigma: [0.1] },
  },
  checkpoint: { ...base, type: 'checkpoint', epoch: 1, file: 'checkpoint.json', best: true },
  warning: { ...base, type: 'warning', message: 'w' },
  log: { ...base, type: 'log', level: 'info', message: 'l' },
  finished: { ...base, type: 'finished', epochs: 3, bestEpoch: 2, seconds: 5, report: 'report.uqreport.json', summary: { testEnergyRmse: 0.01 }, stopped: 'time-budget' },
  failed: { ...base, type: 'failed', message: 'diverged', location: { file: 'a.xsf', line: 3, column: 1, field: 'PRIMCOORD' }, epoch: 4 },
};

test('the schema and src/protocol/events.ts describe the same events: one schema branch per type, every field known', () => {
  assert.deepEqual([...schemaEventTypes()].sort(), Object.keys(everyEvent).sort());
  for (const e of Object.values(everyEvent)) {
    const r = validateEvent(e);
    assert.ok(r.ok, `${e.type}: ${r.ok ? '' : r.reason}`);
  }
  for (const stopped of ['completed', 'early-stopping', 'cancelled', 'time-budget'] as const) {
    assert.ok(validateEvent({ ...everyEvent.finished, stopped }).ok, `finished, stopped: ${stopped}`);
  }
});
