import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../../../src/core/config';
import { CLI, ensureCli, readState, writeBase, writeSweep } from './helpers';

// A grid over the training section: two learning rates that learn in 40 epochs, then two so small that nothing
// moves (all trials start from the same weights) over 20,000 epochs, so with pruning after one completed trial
// the last two fall behind the completed trials' median at once and are stopped long before their end.
const train = (lr: number, epochs: number) => `{ epochs: ${epochs}, batch_size: 8, backend: cpu, learning_rate: ${lr}, early_stopping: { patience: null } }`;
const GRID = `space:
  training: { choice: [${train(0.01, 40)}, ${train(0.005, 40)}, ${train(1e-9, 20000)}, ${train(2e-9, 20000)}] }
strategy: grid
pruning: { patience: 0, startup_trials: 1 }
executor: { parallel: 2 }
`;

test('a 4-trial sweep on 2 processes: every trial a run directory, the hopeless ones pruned, results and best config written', () => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'sweep-local-'));
  writeBase(dir, 40);
  const sweep = writeSweep(dir, GRID);
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [CLI, 'sweep', sweep, '--out', out], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  const s = readState(out);
  assert.equal(s.phase, 'finished');
  assert.deepEqual(s.trials.map((t) => (t.params.training as { learning_rate: number }).learning_rate), [0.01, 0.005, 1e-9, 2e-9]);
  assert.deepEqual(s.trials.map((t) => t.status), ['completed', 'completed', 'pruned', 'pruned'], r.stderr);
  for (const t of s.trials) {
    assert.ok(existsSync(join(out, t.runDir, 'config.resolved.json')), t.runDir);
    assert.ok(existsSync(join(out, t.runDir, 'events.ndjson')));
  }
  // Pruned trials stop long before their 20,000 epochs; completed ones ran all of theirs.
  assert.deepEqual(s.trials.slice(0, 2).map((t) => t.epochs), [40, 40]);
  assert.ok(s.trials.slice(2).every((t) => t.epochs < 5000 && /worse than the median/.test(t.message ?? '')), JSON.stringify(s.trials.map((t) => [t.epochs, t.message])));
  // The best trial is a learning one; its config is ready to train and has the value found.
  const best = s.trials[s.bestTrial!];
  assert.ok(best.status === 'completed');
  assert.equal(best.best, Math.min(s.trials[0].best!, s.trials[1].best!));
  const { config } = loadConfigOrThrow(join(out, 'best.mlip.yaml'), { semantics: false });
  assert.equal(config.training.learning_rate, (best.params.training as { learning_rate: number }).learning_rate);
  const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'trial,training,status,best_val_energy_rmse,best_epoch,epochs,minutes,message');
  assert.deepEqual(csv.slice(1).map((l) => l.match(/",(completed|pruned),/)?.[1]), ['completed', 'completed', 'pruned', 'pruned']);
  assert.match(readFileSync(join(out, 'results.md'), 'utf8'), new RegExp(`\\| ${String(best.number).padStart(4, '0')} ★ \\|`));
  assert.match(r.stderr, /\[4\/4\] trial 000\d (completed|pruned).*ETA 0 min/);
});

/** Starts the sweep in its own process group; resolves when `line` appears on stderr. */
function startUntil(args: string[], line: RegExp) {
  const child = spawn(process.execPath, [CLI, 'sweep', ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const seen = new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; if (line.test(err)) resolve(); });
    child.on('close', () => reject(new Error(`sweep ended before ${line}: ${err}`)));
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, seen, closed, stderr: () => err };
}

test('a killed sweep resumes: finished trials are kept, the interrupted ones continue, the rest run', async () => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'sweep-kill-'));
  writeBase(dir, 25);
  const sweep = writeSweep(dir, `space:\n  training.learning_rate: { choice: [0.01, 0.005, 0.02, 0.003] }\nstrategy: grid\nexecutor: { parallel: 2 }\n`);
  const out = join(dir, 'out');
  const run = startUntil([sweep, '--out', out], /\[1\/4\]/);
  await run.seen;
  process.kill(-run.child.pid!, 'SIGKILL'); // the sweep and its trials' processes, as a crash or an OOM kill would
  await run.closed;
  const killed = readState(out);
  assert.equal(killed.phase, 'running');
  const doneBefore = killed.trials.filter((t) => t.status === 'completed').map((t) => t.number);
  assert.ok(doneBefore.length >= 1);
  assert.ok(killed.trials.some((t) => t.status === 'running'));
  const eventsOf = (n: number) => readFileSync(join(out, killed.trials[n].runDir, 'events.ndjson'), 'utf8');
  const before = Object.fromEntries(doneBefore.map((n) => [n, eventsOf(n)]));

  const r = spawnSync(process.execPath, [CLI, 'sweep', sweep, '--out', out, '--resume'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /resuming \d interrupted trial/);
  const s = readState(out);
  assert.equal(s.phase, 'finished');
  assert.deepEqual(s.trials.map((t) => t.status), ['completed', 'completed', 'completed', 'completed']);
  assert.deepEqual(s.trials.map((t) => t.epochs), [25, 25, 25, 25]);
  for (const n of doneBefore) assert.equal(eventsOf(n), before[n], `trial ${n} was not run again`);
  assert.equal(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').length, 5);
});

test('SIGTERM cancels: running trials stop with a checkpoint, the state says cancelled, exit 130; --resume finishes the sweep', async () => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'sweep-term-'));
  writeBase(dir, 100000);
  const sweep = writeSweep(dir, `space:\n  training.learning_rate: { choice: [0.01, 0.005] }\nstrategy: grid\nexecutor: { parallel: 2 }\n`);
  const out = join(dir, 'out');
  const run = startUntil([sweep, '--out', out, '--minutes', '5'], /trial 0001: started/);
  await run.seen;
  await new Promise((r) => setTimeout(r, 4000));
  process.kill(run.child.pid!, 'SIGTERM');
  assert.equal(await run.closed, 130, run.stderr());
  const s = readState(out);
  assert.equal(s.phase, 'cancelled');
  assert.deepEqual(s.trials.map((t) => t.status), ['cancelled', 'cancelled']);
  assert.ok(s.trials.every((t) => t.epochs < 100000 && existsSync(join(out, t.runDir, 'checkpoint.json'))));
  const r = spawnSync(process.execPath, [CLI, 'sweep', sweep, '--out', out, '--resume', '--minutes', '0.2'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  const after = readState(out);
  assert.equal(after.phase, 'finished');
  assert.deepEqual(after.trials.map((t) => t.status), ['completed', 'completed']); // at the time budget
  assert.ok(after.trials.every((t, i) => t.epochs >= s.trials[i].epochs), 'resumed from the checkpoints, not from epoch 0');
});
