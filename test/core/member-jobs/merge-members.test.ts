import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberRunDir, memberStatus, mergeMemberEvents, mergeMemberModels, mergeMemberPredictions, mergeOodThresholds, testSummary } from '../../../src/core/member-jobs';
import type { SavedModel } from '../../../src/core/models/saved-model';
import type { RunEvent } from '../../../src/protocol/events';
import type { RunPredictionsFile } from '../../../src/protocol/report';

const structure = (name: string, pred: number, std: number) => ({ name, atoms: 3, energyTrue: -1, energyPred: pred, energyStd: std });
const file = (preds: [number, number][], forces?: { pred: number[]; std: number[] }): RunPredictionsFile => ({
  format: 'mlip-uq-predictions', version: 1, method: { method: 'ensemble', members: 1, trainForces: !!forces },
  sets: { test: { structures: preds.map(([p, s], i) => structure(`s${i}`, p, s)), ...(forces ? { forces: { true: [0, 0], pred: forces.pred, std: forces.std } } : {}) } },
});

test('merged predictions: μ the members\' mean, σ their population spread (homoscedastic members have σ_m = 0)', () => {
  const m = mergeMemberPredictions([file([[-1.0, 0], [2, 0]], { pred: [1, 4], std: [0, 0] }), file([[-1.2, 0], [2, 0]], { pred: [3, 4], std: [0, 0] })], ['a', 'b']);
  const t = m.sets.test!;
  assert.deepEqual(t.structures.map((s) => [s.energyPred, s.energyStd]), [[-1.1, 0.09999999999999998], [2, 0]]);
  assert.deepEqual([t.forces!.pred, t.forces!.std], [[2, 4], [1, 0]]);
  assert.equal(m.method?.members, 2);
});

test('the members\' producer facts (the engines that trained and predicted) are kept', () => {
  const a = { ...file([[1, 0]]), producer: { engines: { training: { name: 'wasm-simd-kernels' } } } };
  assert.deepEqual(mergeMemberPredictions([a, file([[2, 0]])], ['a', 'b']).producer, a.producer);
});

test('heteroscedastic members mix: σ² = mean σ_m² + the spread of μ_m (3² and 4² with μ ±1 give √(12.5 + 1))', () => {
  const m = mergeMemberPredictions([file([[1, 3]]), file([[3, 4]])], ['a', 'b']);
  assert.equal(m.sets.test!.structures[0].energyPred, 2);
  assert.ok(Math.abs(m.sets.test!.structures[0].energyStd - Math.sqrt(13.5)) < 1e-12);
});

test('members with different sets are refused, naming the member and the set', () => {
  const other = file([[1, 0]]);
  other.sets.test!.structures[0].name = 'other';
  assert.throws(() => mergeMemberPredictions([file([[1, 0]]), other], ['a', 'b']), /member 2's test set differs from member 1's/);
});

test('the test summary is per atom, as the report has it', () => {
  const s = testSummary(file([[-0.9, 0.1], [-1.3, 0.3]], { pred: [0.5, -0.5], std: [0, 0] }));
  assert.ok(Math.abs(s.testEnergyRmse - Math.sqrt((0.01 + 0.09) / 2)) < 1e-12);
  assert.ok(Math.abs(s.testEnergyMae - 0.2) < 1e-12);
  assert.ok(Math.abs(s.testMeanSigma - 0.2) < 1e-12);
  assert.equal(s.testForceRmse, 0.5);
});

const model = (k: number, theta: number[]): SavedModel => ({
  spec: { kind: 'ensemble', elements: ['O'], dims: [2], hidden: [2], activation: 'tanh', members: 1, seed: 7, ...(k ? { firstMember: k } : {}) },
  params: { theta: Float32Array.from(theta) }, setups: [], standardisation: [{ element: 'O', mean: Float64Array.from([0, 1]), scale: Float64Array.from([1, 1]) }],
  normalisation: { scale: 1, shift: 0 } as SavedModel['normalisation'], reference: { O: -1 }, prediction: { samples: 1, observationNoise: null }, bestEpoch: 3 + k,
});

test('merged model: the members\' θ rows stacked in member order, members = M, the latest best epoch', () => {
  const m = mergeMemberModels([model(0, [1, 2]), model(1, [3, 4]), model(2, [5, 6])], ['a', 'b', 'c']);
  assert.deepEqual(Array.from(m.params.theta), [1, 2, 3, 4, 5, 6]);
  assert.equal(m.spec.members, 3);
  assert.equal(m.spec.firstMember, undefined);
  assert.equal(m.bestEpoch, 5);
});

test('a member in the wrong place or from another data set is refused', () => {
  assert.throws(() => mergeMemberModels([model(0, [1, 2]), model(2, [3, 4])], ['a', 'b']), /member 2 does not belong to this ensemble/);
  const other = model(1, [3, 4]);
  other.standardisation[0].mean[1] = 2;
  assert.throws(() => mergeMemberModels([model(0, [1, 2]), other], ['a', 'b']), (e: Error & { location?: { field?: string } }) => e.location?.field === 'standardisation');
});

test('the OOD σ threshold comes from the merged validation σ; novelty thresholds are kept', () => {
  const merged: RunPredictionsFile = { format: 'mlip-uq-predictions', version: 1, sets: { validation: { structures: [0.1, 0.2, 0.3, 0.4, 0.5].map((s, i) => structure(`v${i}`, 0, s)) } } };
  const t = mergeOodThresholds({ percentile: 95, sigmaPerAtom: 0, novelty: { O: 1.5 }, count: 5 }, merged);
  assert.ok(Math.abs(t.sigmaPerAtom - 0.48) < 1e-12);
  assert.deepEqual(t.novelty, { O: 1.5 });
});

const ev = (body: Record<string, unknown>) => ({ v: 1, t: '', run: 'm', ...body }) as RunEvent;
const epoch = (n: number, loss: number, val: number) => ev({ type: 'epoch', epoch: n, epochs: 3, trainLoss: loss, dataTerm: loss, klTerm: 0, valLoss: val, valEnergyRmse: val, learningRate: 0.01, seconds: n, etaSeconds: 0, best: true });
const started = ev({ type: 'started', backend: 'wasm', backendReason: '', threads: 1, versions: {}, configHash: 'member', configFile: 'c', method: 'ensemble', members: 1, epochs: 3, trainForces: false, data: { structures: 1, atoms: 1, elements: ['O'], train: 1, validation: 0, test: 0 } });

test('merged events: the ensemble\'s started, mean training loss per epoch, each member\'s numbers (null past its end), the members\' finish', () => {
  const a = [started, ev({ type: 'warning', message: 'w' }), epoch(1, 2, 1), epoch(2, 1, 0.5), epoch(3, 0.5, 0.25), ev({ type: 'finished', epochs: 3, bestEpoch: 3, seconds: 3, report: '', summary: {} })];
  const b = [started, ev({ type: 'warning', message: 'w' }), epoch(1, 4, 2), epoch(2, 3, 1.5), ev({ type: 'finished', epochs: 2, bestEpoch: 1, seconds: 2, report: '', summary: {}, stopped: 'early-stopping' })];
  const out = mergeMemberEvents([a, b], { configHash: 'ens', configFile: 'c', executor: 'local (2 processes)', seconds: 9, report: 'r', summary: { x: 1 } });
  const s = out[0] as Extract<RunEvent, { type: 'started' }>;
  assert.deepEqual([s.type, s.members, s.configHash], ['started', 2, 'ens']);
  assert.equal(out.filter((e) => e.type === 'warning').length, 1);
  const epochs = out.filter((e): e is Extract<RunEvent, { type: 'epoch' }> => e.type === 'epoch');
  assert.deepEqual(epochs.map((e) => e.trainLoss), [3, 2, 0.5]);
  assert.deepEqual(JSON.parse(JSON.stringify(epochs[2].members)), [{ trainLoss: 0.5, valEnergyRmse: 0.25 }, { trainLoss: null }]);
  assert.ok(Number.isNaN(epochs[0].valEnergyRmse));
  assert.deepEqual(epochs.map((e) => e.best), [false, false, true]);
  assert.deepEqual(out.at(-1), { type: 'finished', epochs: 3, bestEpoch: 3, seconds: 9, report: 'r', summary: { x: 1 }, stopped: 'early-stopping' });
});

test('member status: finished (kept), interrupted (continued), absent (started); member folders sort by number', () => {
  const fin = ev({ type: 'finished', epochs: 1, bestEpoch: 1, seconds: 1, report: '', summary: {} });
  assert.equal(memberStatus(null), 'absent');
  assert.equal(memberStatus([started, fin]), 'finished');
  assert.equal(memberStatus([started]), 'interrupted');
  assert.equal(memberStatus([started, ev({ type: 'finished', epochs: 1, bestEpoch: 1, seconds: 1, report: '', summary: {}, stopped: 'cancelled' })]), 'interrupted');
  assert.equal(memberStatus([started, fin, started]), 'interrupted'); // a later part that has not finished
  assert.deepEqual([0, 9, 99].map((k) => memberRunDir(k, 100)), ['members/member-001', 'members/member-010', 'members/member-100']);
});
