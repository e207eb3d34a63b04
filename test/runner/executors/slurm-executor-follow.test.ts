/**
 * When the Slurm executor calls a task done, against stand-in sbatch/squeue/scancel/sacct scripts on PATH
 * (no cluster): a new run's `finished` event ends the task at the next read of its run directory, although
 * squeue still lists the job and is asked only every poll_seconds; a resumed run's old `finished` event does
 * not, it waits for the job to leave the queue; close() cancels only the tasks without a result.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlurmExecutor } from '../../../src/runner/executors/slurm-executor';
import type { TaskOutcome } from '../../../src/runner/executors/executor';

let dir = '';
const oldPath = process.env.PATH;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'slurm-follow-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // Job 7, task 0 runs until the test creates `gone`; every squeue call is counted.
  script('sbatch', `echo 7`);
  script('squeue', `echo x >> '${dir}/squeue.calls'; [ -f '${dir}/gone' ] || echo '7_0|RUNNING'`);
  script('scancel', `echo "$@" >> '${dir}/scancel.calls'`);
  script('sacct', 'exit 1');
  process.env.PATH = `${bin}:${oldPath}`;
});
after(() => {
  process.env.PATH = oldPath;
  rmSync(dir, { recursive: true, force: true });
});

const slurmOptions = (pollSeconds: number) => ({ partition: null, account: null, time: null, memory: null, cpusPerTask: 1, extraArgs: [], maxRetries: 0, pollSeconds, node: null });
const event = (type: string, extra: Record<string, unknown> = {}) => `${JSON.stringify({ v: 1, t: new Date().toISOString(), run: 'x', type, ...extra })}\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms: number): Promise<void> {
  for (const t0 = Date.now(); !what(); await sleep(50)) if (Date.now() - t0 > ms) throw new Error('timed out');
}

test('a run that wrote its finished event is done at the next read of its run directory (every second), while squeue (asked every 60 s) still lists its job', { timeout: 15_000 }, async () => {
  const work = join(dir, 'a');
  const runDir = join(work, 'run');
  mkdirSync(runDir, { recursive: true });
  const ex = new SlurmExecutor({ options: slurmOptions(60), parallel: 1, workDir: join(work, 'slurm') });
  const squeueCalls = () => (existsSync(join(dir, 'squeue.calls')) ? readFileSync(join(dir, 'squeue.calls'), 'utf8').split('\n').filter(Boolean).length : 0);
  let outcome: TaskOutcome | null = null;
  try {
    void ex.run({ name: 'trial 0000', configFile: join(work, 'c.json'), runDir }, { cancel: { requested: false } }).then((o) => { outcome = o; });
    await until(() => existsSync(join(work, 'slurm', 'array-000.sh')), 3000);
    await until(() => squeueCalls() === 1, 3000); // the first poll asks squeue: 7_0 RUNNING
    const written = Date.now();
    writeFileSync(join(runDir, 'events.ndjson'), event('started') + event('finished', { epochs: 3, bestEpoch: 3, seconds: 1, stopped: 'completed' }));
    await until(() => outcome !== null, 3000);
    assert.deepEqual(outcome, { status: 'completed', attempts: 1 });
    assert.ok(Date.now() - written < 2500, `done ${Date.now() - written} ms after the finished event`);
    assert.equal(squeueCalls(), 1, 'squeue is not asked again before poll_seconds');
    writeFileSync(join(dir, 'gone'), '');
  } finally {
    await ex.close();
  }
  assert.ok(!existsSync(join(dir, 'scancel.calls')), 'a task with a result is not cancelled at close');
  assert.equal(squeueCalls(), 2, 'close asks squeue once more: the job has left');
});

test('a resumed run whose file still ends with the interrupted run\'s finished event waits for its job to leave the queue', { timeout: 15_000 }, async () => {
  const work = join(dir, 'b');
  const runDir = join(work, 'run');
  mkdirSync(runDir, { recursive: true });
  const events = join(runDir, 'events.ndjson');
  writeFileSync(events, event('started') + event('finished', { epochs: 2, bestEpoch: 2, seconds: 1, stopped: 'cancelled' }));
  rmSync(join(dir, 'gone'), { force: true }); // the job of the first test left; this one is listed again
  const ex = new SlurmExecutor({ options: slurmOptions(0.5), parallel: 1, workDir: join(work, 'slurm') });
  let outcome: TaskOutcome | null = null;
  try {
    void ex.run({ name: 'trial 0001', configFile: join(work, 'c.json'), runDir, resume: true }, { cancel: { requested: false } }).then((o) => { outcome = o; });
    await until(() => existsSync(join(work, 'slurm', 'array-000.sh')), 3000);
    await sleep(1500);
    assert.equal(outcome, null, 'not settled by the old finished event');
    appendFileSync(events, event('started', { resumedFromEpoch: 2 }) + event('finished', { epochs: 5, bestEpoch: 5, seconds: 1, stopped: 'completed' }));
    await sleep(1200);
    assert.equal(outcome, null, 'a resumed run is judged when its job leaves the queue');
    writeFileSync(join(dir, 'gone'), '');
    await until(() => outcome !== null, 3000);
    assert.deepEqual(outcome, { status: 'completed', attempts: 1 });
  } finally {
    await ex.close();
  }
});
