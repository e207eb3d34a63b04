/**
 * Re-attaching to a run the window did not start (issue 17: a window reload rebuilding the live
 * dashboard; a run started from a terminal): the run.lock's "PID HOST" names the process to follow and
 * signal, the events come from tailing events.ndjson (history first, then each new event once), Stop's
 * SIGTERM reaches the process, and the run's end is seen when it lets go of its lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFollower, RUNNER_LOG_FILE, liveWriterHere } from '../../src/extension/runs/run-follower';
import type { RunEvent } from '../../src/protocol/events';

const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'no-validation.events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const STARTED = { ...FIXTURE.find((e) => e.type === 'started')!, epochs: 1000 };
const EPOCH = { ...FIXTURE.find((e) => e.type === 'epoch')!, epochs: 1000 };
const FINISHED = { ...FIXTURE.find((e) => e.type === 'finished')!, stopped: 'cancelled' };
const line = (e: Record<string, unknown>) => JSON.stringify(e) + '\n';

function runDir(t: { after(f: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'follow-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const epochs = (es: RunEvent[]) => es.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * A stand-in for `mlip-uq train` started elsewhere, in a session of its own like the editor's runs: takes the
 * lock, appends an epoch every 30 ms, and on SIGTERM writes its "cancelled" finish, releases the lock and exits.
 */
const WRITER = `
const fs = require('fs'), os = require('os'), path = require('path');
const [dir, started, epoch, finished] = process.argv.slice(1);
const lock = path.join(dir, 'run.lock'), ev = path.join(dir, 'events.ndjson');
fs.writeFileSync(lock, process.pid + ' ' + os.hostname() + '\\n');
fs.appendFileSync(ev, started + '\\n');
let n = 0;
const timer = setInterval(() => { n++; fs.appendFileSync(ev, JSON.stringify({ ...JSON.parse(epoch), epoch: n }) + '\\n'); }, 30);
process.on('SIGTERM', () => {
  clearInterval(timer);
  fs.appendFileSync(ev, finished + '\\n');
  fs.unlinkSync(lock);
  process.exit(0);
});`;

test('a run training in another process is found by its lock, followed from its history on, and stopped by SIGTERM to its PID', async (t) => {
  const dir = runDir(t);
  const child = spawn(process.execPath, ['-e', WRITER, dir, JSON.stringify(STARTED), JSON.stringify(EPOCH), JSON.stringify(FINISHED)], { detached: true, stdio: 'ignore' });
  t.after(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } });
  await until('three epochs', () => { try { return readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n').length > 4; } catch { return false; } });

  const pid = liveWriterHere(dir);
  assert.equal(pid, child.pid, 'the lock names the writer');
  const f = new RunFollower(dir, 'r', pid!);
  f.seed();
  const history = f.history();
  assert.equal(history[0].type, 'started');
  const seen = epochs(history);
  assert.ok(seen.length >= 3);
  assert.deepEqual(seen, seen.map((_, i) => i + 1));
  assert.equal(f.summary.status, 'running');
  assert.equal(f.summary.epoch, seen.at(-1));
  assert.equal(f.alive(), true);

  // The live part continues where the history stopped: every epoch once.
  await sleep(150);
  const live = epochs(f.poll().events);
  assert.ok(live.length >= 2, `${live.length} new epochs`);
  assert.equal(live[0], seen.at(-1)! + 1);
  assert.deepEqual(epochs(f.history()), [...seen, ...live], 'the history then includes what was polled');

  process.kill(pid!, 'SIGTERM');
  await until('the writer to let go of its lock', () => !f.alive());
  const last = f.poll().events.at(-1)!;
  assert.equal(last.type, 'finished');
  assert.equal((last as { stopped: string }).stopped, 'cancelled');
  assert.equal(f.summary.status, 'stopped');
  assert.equal(f.impliedExitCode(), 0);
  assert.equal(liveWriterHere(dir), undefined);
});

test('no live writer here: no lock, a dead PID, a torn lock, or a lock taken on another host (its PID means nothing here)', (t) => {
  const dir = runDir(t);
  assert.equal(liveWriterHere(dir), undefined);
  writeFileSync(join(dir, 'run.lock'), `${deadPid()} ${hostname()}\n`);
  assert.equal(liveWriterHere(dir), undefined);
  writeFileSync(join(dir, 'run.lock'), '');
  assert.equal(liveWriterHere(dir), undefined);
  writeFileSync(join(dir, 'run.lock'), `${process.pid} another-host.example\n`);
  assert.equal(liveWriterHere(dir), undefined);
  writeFileSync(join(dir, 'run.lock'), `${process.pid} ${hostname()}\n`);
  assert.equal(liveWriterHere(dir), process.pid);
});

test('a process alive but no longer holding the lock has ended its run (a zombie, a reused PID)', (t) => {
  const dir = runDir(t);
  writeFileSync(join(dir, 'run.lock'), `${process.pid} ${hostname()}\n`);
  const f = new RunFollower(dir, 'r', process.pid);
  assert.equal(f.alive(), true);
  writeFileSync(join(dir, 'run.lock'), `${process.pid + 1} ${hostname()}\n`);
  assert.equal(f.alive(), false);
});

test('a rewritten log (a resume trims it) is folded again from its first line, and the poll says reset', (t) => {
  const dir = runDir(t);
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, line(STARTED) + line({ ...EPOCH, epoch: 1 }) + line({ ...EPOCH, epoch: 2 }) + line(FINISHED));
  const f = new RunFollower(dir, 'r', process.pid);
  f.seed();
  assert.equal(f.summary.status, 'stopped');
  writeFileSync(`${file}.tmp`, line(STARTED) + line({ ...EPOCH, epoch: 1 }) + line({ ...STARTED, resumedFromEpoch: 1 }));
  renameSync(`${file}.tmp`, file);
  const p = f.poll();
  assert.equal(p.reset, true);
  assert.deepEqual(p.events.map((e) => e.type), ['started', 'epoch', 'started']);
  assert.equal(f.summary.status, 'running');
  assert.equal(f.summary.epoch, 1);
  assert.equal(f.summary.bestEpoch, 1);
  assert.equal(f.impliedExitCode(), null, 'still going: no exit status implied');
});

test('lines that are not events are handed back with the reason; a half-written event waits; the runner\'s last words are kept', (t) => {
  const dir = runDir(t);
  const file = join(dir, 'events.ndjson');
  writeFileSync(join(dir, RUNNER_LOG_FILE), 'mlip-uq runner: an old failure\n');
  writeFileSync(file, line(STARTED));
  const f = new RunFollower(dir, 'r', process.pid);
  f.seed();
  assert.equal(f.lastLogLine(), undefined, 'what an earlier process said is history');
  appendFileSync(file, '{"v":1,"type":"nonsense"}\n' + line({ ...EPOCH, epoch: 1 }).slice(0, 40));
  appendFileSync(join(dir, RUNNER_LOG_FILE), 'Warning: something\nmlip-uq runner: data/x.xsf: no such file\n');
  const p = f.poll();
  assert.deepEqual(p.events, []);
  assert.equal(p.rejected.length, 1);
  assert.match(p.rejected[0], /nonsense/);
  assert.deepEqual(p.log, ['Warning: something', 'mlip-uq runner: data/x.xsf: no such file']);
  assert.equal(f.lastLogLine(), 'data/x.xsf: no such file');
  appendFileSync(file, line({ ...EPOCH, epoch: 1 }).slice(40));
  assert.deepEqual(epochs(f.poll().events), [1]);
});

test('a failed run implies exit status 1, a completed one 0', (t) => {
  const dir = runDir(t);
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, line(STARTED) + line({ ...FINISHED, stopped: 'completed' }));
  const done = new RunFollower(dir, 'r', process.pid);
  done.seed();
  assert.equal(done.summary.status, 'done');
  assert.equal(done.impliedExitCode(), 0);
  writeFileSync(file, line(STARTED) + line({ v: 1, run: 'r', type: 'failed', message: 'NaN loss', t: '2026-11-25T01:05:31.000Z' }));
  const failed = new RunFollower(dir, 'r', process.pid);
  failed.seed();
  assert.equal(failed.impliedExitCode(), 1);
});
