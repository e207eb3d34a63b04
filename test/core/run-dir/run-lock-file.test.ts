import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_LOCK_FILE, lockText, readLockHolder, runHasLiveWriter } from '../../../src/core/run-dir/run-lock-file';
import { acquireRunLock } from '../../../src/runner/run-lock';

function runDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lock-file-'));
  writeFileSync(join(d, 'events.ndjson'), '');
  return d;
}

/** A PID that ran and ended: nothing lives under it now. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('a run whose lock names a live process on this host has a live writer (a run started from a terminal)', () => {
  const d = runDir();
  assert.equal(runHasLiveWriter(d), false, 'no lock: nobody writes');
  const lock = acquireRunLock(d);
  assert.deepEqual(readLockHolder(lock.file), { pid: process.pid, host: hostname() });
  assert.equal(runHasLiveWriter(d), true);
  lock.release();
  assert.equal(runHasLiveWriter(d), false, 'released with its run');
});

test('a lock left by a dead process (kill -9) is no live writer, with or without its host', () => {
  const d = runDir();
  const pid = deadPid();
  writeFileSync(join(d, RUN_LOCK_FILE), `${pid} ${hostname()}\n`);
  assert.equal(runHasLiveWriter(d), false);
  writeFileSync(join(d, RUN_LOCK_FILE), `${pid}\n`); // written before hosts were recorded
  assert.equal(runHasLiveWriter(d), false);
});

test('another host\'s lock counts as live while its events moved in the last ten minutes, and the lock is taken over', () => {
  const d = runDir();
  writeFileSync(join(d, RUN_LOCK_FILE), `${process.pid} some-compute-node-07\n`);
  assert.equal(runHasLiveWriter(d), true, 'events just written');
  const old = new Date(Date.now() - 11 * 60_000);
  utimesSync(join(d, 'events.ndjson'), old, old);
  assert.equal(runHasLiveWriter(d), false, 'quiet for eleven minutes: that task is gone');
  // A resubmitted Slurm task on another node takes over the dead task's lock (a PID cannot be probed across hosts).
  const lock = acquireRunLock(d);
  assert.equal(readLockHolder(lock.file).host, hostname());
  lock.release();
});

test('the lock text is "PID HOST"', () => {
  assert.equal(lockText(), `${process.pid} ${hostname()}\n`);
});

test('a zombie (a killed writer not yet reaped) holds no lock', { skip: process.platform !== 'linux' ? 'zombies are read from /proc (Linux only)' : false }, async () => {
  const { spawn } = await import('node:child_process');
  const { processAlive, processState } = await import('../../../src/core/run-dir/run-lock-file');
  // sh starts a child, prints its PID, then becomes `sleep`, which never reaps: the child exits 0.3 s later, when
  // its parent is already `sleep`, and stays a zombie whose parent lives, as a killed writer is while nobody has
  // reaped it yet. (A child exiting at once raced the shell: a shell that reaps before its exec left no zombie.)
  const parent = spawn('/bin/sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d: Buffer) => r(d.toString()))));
  try {
    let state = processState(pid);
    for (let i = 0; i < 150 && state !== 'Z' && state !== null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = processState(pid);
    }
    assert.equal(state, 'Z', 'the child is a zombie now');
    assert.equal(processAlive(pid), false);
    assert.equal(processAlive(parent.pid!), true, 'its live parent still counts');
  } finally {
    parent.kill('SIGKILL');
  }
});
