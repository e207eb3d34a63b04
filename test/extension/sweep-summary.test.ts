import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepState, TrialRecord } from '../../src/core/sweep';
import { bestConfigPath, bestSoFar, driverAlive, sweepDescription, trialDescription } from '../../src/extension/sweeps/sweep-summary';

const trial = (number: number, status: TrialRecord['status'], best: number | null, epochs = 10): TrialRecord => ({
  number, params: { 'training.learning_rate': 1e-3 }, status, runDir: `trials/${String(number).padStart(4, '0')}`, curve: [], best, bestEpoch: best === null ? null : epochs, epochs, minutes: 0.5,
});

const state: SweepState = {
  version: 1, sweepFile: '/w/s.sweep.yaml', strategy: 'tpe', objective: 'val_energy_rmse', seed: 1234, trialsPlanned: 6, budgetMinutes: null,
  executor: 'local', startedAt: '', updatedAt: '', elapsedMinutes: 3, phase: 'running', driver: { host: 'h', pid: 42 },
  trials: [trial(0, 'completed', 0.5), trial(1, 'pruned', 0.2, 3), trial(2, 'completed', 0.3), trial(3, 'failed', null, 0), trial(4, 'running', 0.1, 4)],
  bestTrial: 2,
};

test('a sweep reads as trials finished of planned, the best completed trial and its phase', () => {
  assert.equal(sweepDescription(state, true), '4/6 trials · best 0.3000 (trial 0002) · running');
  assert.equal(sweepDescription(state, false), '4/6 trials · best 0.3000 (trial 0002) · interrupted (--resume)');
});

test('a trial reads as status (★ when best), best value and epoch, epochs and minutes', () => {
  assert.equal(trialDescription(state.trials[2], 2), 'completed ★ · 0.3000 at epoch 10 · 10 ep · 0.5 min');
  assert.equal(trialDescription(state.trials[3], 2), 'failed · – · 0 ep · 0.5 min');
});

test('best so far runs over finished trials in order (a running trial\'s value does not count yet)', () => {
  assert.deepEqual(bestSoFar(state), [0.5, 0.2, 0.2, 0.2, 0.2]);
});

test('the driver is alive only on its own host with its pid present; the best config is best.mlip.yaml once written', () => {
  assert.equal(driverAlive(state, 'h', (pid) => pid === 42), true);
  assert.equal(driverAlive(state, 'other', () => true), false);
  assert.equal(driverAlive({ ...state, phase: 'finished' }, 'h', () => true), false);
  assert.equal(bestConfigPath('/o/sweep-state.json', state, () => true), '/o/best.mlip.yaml');
  assert.equal(bestConfigPath('/o/sweep-state.json', state, () => false), '/o/trials/0002/trial.mlip.json');
});

test('the sweep plot: one scatter per parameter, log axis for a learning rate spanning ×100, pruned hollow, best marked, no script', async () => {
  const { paramScatter, sweepPlotHtml } = await import('../../src/extension/sweeps/sweep-plot-html');
  const s: SweepState = {
    ...state,
    trials: [
      { ...trial(0, 'completed', 0.5), params: { lr: 1e-5, batch: 32 } },
      { ...trial(1, 'pruned', 0.9), params: { lr: 1e-3, batch: 64 } },
      { ...trial(2, 'completed', 0.1), params: { lr: 1e-4, batch: 32 } },
      { ...trial(3, 'failed', null), params: { lr: 5e-4, batch: 64 } },
    ],
  };
  const lr = paramScatter(s, 'lr');
  assert.equal((lr.match(/<circle/g) ?? []).length, 3, 'the failed trial has no value to plot');
  assert.match(lr, />lr \(log\)</);
  assert.equal((lr.match(/class="best"/g) ?? []).length, 1);
  assert.match(lr, /class="pruned"><title>trial 0001 \(pruned\): 0\.001 → 0\.9000/);
  // Ticks at the decades 1e-5 … 1e-3.
  assert.deepEqual([...lr.matchAll(/class="tick" text-anchor="middle">([^<]+)</g)].map((m) => m[1]), ['1e-5', '1e-4', '1e-3']);
  const html = sweepPlotHtml(s, 'demo');
  assert.equal((html.match(/<svg/g) ?? []).length, 2);
  assert.ok(!/<script/i.test(html));
  assert.match(html, /best \(trial 0002, 0\.1000\)/);
});
