/**
 * One writer per run and no lost runs: two `train` commands into one folder leave one run and one
 * located refusal; a stale lock of a killed process is taken over; SIGKILL and SIGTERM at seeded
 * random moments (featurisation included) followed by --resume give the model of an uninterrupted run,
 * with every epoch once in the log, no temporary files and no lock left. SIGTERM ends the CLI within 2 s.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTraining } from '../../src/runner/train-run';
import { RUN_LOCK_FILE } from '../../src/runner/run-lock';
import { mulberry32 } from '../helpers/mulberry32';
import { cliArgs, events, hasStack, REPO, runCli, tinyConfig } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'mlip-kill-'));
after(() => rmSync(work, { recursive: true, force: true }));
const cfg = tinyConfig(join(work, 'k.mlip.yaml'), { limit: 16, epochs: 8 });
const straight = join(work, 'straight');
const straightDone = runTraining({ configFile: cfg, runDir: straight });

function epochNumbers(dir: string): number[] {
  return events(dir).flatMap((e) => (e.type === 'epoch' ? [e.epoch] : []));
}

test('two train commands into one folder: one run, one located refusal, one started event', async () => {
  const dir = join(work, 'twice');
  const short = tinyConfig(join(work, 'short.mlip.yaml'), { limit: 12, epochs: 3 });
  const [a, b] = await Promise.all([runCli(['train', short, '--run-dir', dir]), runCli(['train', short, '--run-dir', dir])]);
  const codes = [a.code, b.code].sort();
  assert.deepEqual(codes, [0, 1], `${a.stderr}\n${b.stderr}`);
  const loser = a.code === 1 ? a : b;
  assert.match(loser.stderr, /another process \(PID \d+\) is writing this run directory|already holds a run/);
  assert.ok(!hasStack(loser.stderr), loser.stderr);
  assert.equal(events(dir).filter((e) => e.type === 'started').length, 1);
  assert.ok(!existsSync(join(dir, RUN_LOCK_FILE)), 'the lock goes with its run');
});

test('a lock left by a killed process (dead PID, or no PID and old) is stale and taken over; its temporary files go', async () => {
  const dir = join(work, 'stale');
  mkdirSync(dir);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(join(dir, RUN_LOCK_FILE), `${dead}\n`);
  const r = await runTraining({ configFile: cfg, runDir: dir });
  assert.equal(r.status, 'completed', r.message);
  // A lock without a PID is being written if fresh, torn by a kill if old.
  const torn = join(work, 'torn-lock');
  mkdirSync(torn);
  writeFileSync(join(torn, RUN_LOCK_FILE), '');
  await assert.rejects(runTraining({ configFile: cfg, runDir: torn }), /another process is starting in this run directory/);
  utimesSync(join(torn, RUN_LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  writeFileSync(join(torn, 'checkpoint.json.tmp-99999999'), 'half a checkpoint');
  assert.equal((await runTraining({ configFile: cfg, runDir: torn })).status, 'completed');
  assert.deepEqual(readdirSync(torn).filter((f) => f.includes('.tmp-') || f === RUN_LOCK_FILE), [], 'leftover temporary file removed');
  // A live holder refuses: this very process holds the next lock.
  writeFileSync(join(dir, RUN_LOCK_FILE), `${process.pid}\n`);
  await assert.rejects(runTraining({ configFile: cfg, runDir: join(dir), resume: true }), /another process \(PID \d+\) is writing/);
});

/**
 * Starts `train --events`, waits for the first event of type `stage` (and epoch `epoch`, if given) on its
 * stdout, then `delayMs`, then sends `signal`; returns the last event written before the signal.
 */
async function interrupt(dir: string, signal: 'SIGKILL' | 'SIGTERM', stage: string, delayMs: number, epoch?: number): Promise<{ reached: string; exitMs: number; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [...cliArgs(), 'train', cfg, '--run-dir', dir, '--events'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  await new Promise<void>((res) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const e = JSON.parse(buf.slice(0, nl)) as { type: string; epoch?: number };
        buf = buf.slice(nl + 1);
        if (e.type === stage && (epoch === undefined || e.epoch === epoch)) res();
      }
    });
    void exited.then(() => res());
  });
  await new Promise((r) => setTimeout(r, delayMs));
  const last = existsSync(join(dir, 'events.ndjson')) ? readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n').pop() ?? '' : '';
  const reached = /"type":"([a-z]+)"/.exec(last)?.[1] ?? 'nothing';
  const t0 = Date.now();
  child.kill(signal);
  const code = await exited;
  return { reached, exitMs: Date.now() - t0, code, stderr };
}

test('SIGKILL and SIGTERM at every stage (seeded moments), then --resume, give the uninterrupted run\'s model', async () => {
  const rnd = mulberry32(1206);
  assert.equal((await straightDone).status, 'completed');
  const model = readFileSync(join(straight, 'model.json'), 'utf8');
  const report: string[] = [];
  // Moments by stage, so every phase is hit however fast the machine: the run's start, featurisation
  // (a seeded few ms after "started"), mid-training, right after a checkpoint; SIGTERM in featurisation and training.
  const trials: ['SIGKILL' | 'SIGTERM', string, number, number?][] = [
    ['SIGKILL', 'started', 0], ['SIGKILL', 'started', 2 + Math.floor(rnd() * 15)], ['SIGKILL', 'epoch', Math.floor(rnd() * 5), 3],
    ['SIGKILL', 'checkpoint', 0, 5], ['SIGTERM', 'started', 2 + Math.floor(rnd() * 15)], ['SIGTERM', 'epoch', 0, 2],
  ];
  // The kills run side by side (their moments are stages, not clock times), the SIGTERMs after them so
  // their exit times are not measured on a machine busy with four other runs; the resumes follow one by one.
  const dirOf = (k: number) => join(work, `killed-${k}`);
  const kill = (k: number) => interrupt(dirOf(k), ...(trials[k]! as [typeof trials[0][0], string, number, number?]));
  const hits = [...await Promise.all([0, 1, 2, 3].map(kill)), ...await Promise.all([4, 5].map(kill))];
  for (const [k, [signal, stage, delay, epoch]] of trials.entries()) {
    const dir = dirOf(k);
    const hit = hits[k]!;
    if (signal === 'SIGTERM') {
      assert.ok(hit.exitMs <= 2000, `SIGTERM took ${hit.exitMs} ms`);
      assert.equal(hit.code, 0, hit.stderr);
    }
    const resumed = existsSync(join(dir, 'events.ndjson'))
      ? await runTraining({ configFile: cfg, runDir: dir, resume: true })
      : await runTraining({ configFile: cfg, runDir: dir });
    assert.ok(resumed.status === 'completed', `${signal} after ${hit.reached}: ${resumed.status} ${resumed.message ?? ''}`);
    assert.equal(readFileSync(join(dir, 'model.json'), 'utf8'), model, `${signal} after ${hit.reached}: the model of an uninterrupted run`);
    assert.deepEqual(epochNumbers(dir), Array.from({ length: 8 }, (_, i) => i + 1), `${signal} after ${hit.reached}: every epoch once`);
    assert.equal(events(dir)[0]!.type, 'started', `${signal} after ${hit.reached}: the log opens with "started"`);
    assert.equal(events(dir).filter((e) => e.type === 'finished' && e.stopped !== 'cancelled').length, 1);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-') || f === RUN_LOCK_FILE), []);
    report.push(`${signal} ${delay} ms after ${stage}${epoch ? ` ${epoch}` : ''} (last event written: ${hit.reached}; exited ${hit.exitMs} ms after the signal)`);
  }
  // Resuming a finished run changes nothing: no second "finished", no rewritten files.
  const before = readFileSync(join(straight, 'events.ndjson'), 'utf8');
  const again = await runTraining({ configFile: cfg, runDir: straight, resume: true });
  assert.equal(again.status, 'completed');
  assert.match(again.message ?? '', /already finished/);
  assert.equal(readFileSync(join(straight, 'events.ndjson'), 'utf8'), before);
  console.log(`# interrupted and resumed to the same model:\n#   ${report.join('\n#   ')}`);
});
