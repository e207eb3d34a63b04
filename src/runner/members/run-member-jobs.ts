/**
 * `train CONFIG --members-as-jobs`: a deep ensemble whose members train as independent jobs on an executor
 * (src/runner/executors: local processes or a Slurm job array), each `train CONFIG --member k` in its own run
 * directory RUN/members/member-NN/, then one merge (./merged-run-dir.ts) that makes RUN an ordinary ensemble
 * run. Member k starts from the weights (and bootstrap resample) member k has in the in-process ensemble with
 * the same seed, on the same split and batch order. A killed or cancelled run continues with --resume:
 * finished members are kept as they are, interrupted ones continue from their checkpoints, the rest start.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocatedError } from '../../core/errors';
import { MEMBERS_FOLDER, memberStatus, type MemberStatus } from '../../core/member-jobs';
import { readEventLines } from '../../core/run-dir/read-run-dir';
import type { ExecutorSpec } from '../../core/sweep';
import { RUN_FILES } from '../../protocol/run-dir';
import { createExecutor } from '../executors/create-executor';
import type { TaskOutcome } from '../executors/executor';
import { runPool } from '../executors/task-pool';
import { acquireRunLock, makeRunDir } from '../run-lock';
import { defaultRunDir, loadRunConfigWarned, runConfigHash, type TrainRunResult } from '../train-run';
import { memberDir, writeMergedRun } from './merged-run-dir';

export interface MemberJobsOptions {
  configFile: string;
  runDir?: string;
  resume?: boolean;
  executor: ExecutorSpec;
  cancel: { requested: boolean };
  /** Progress lines (member started, finished, resubmitted, merged). */
  log: (line: string) => void;
  /** Each member stops after the first epoch that ends past this many minutes. */
  timeBudgetMinutes?: number;
}

export async function runMemberJobs(o: MemberJobsOptions): Promise<TrainRunResult> {
  const t0 = Date.now();
  const configFile = resolve(o.configFile);
  const { config, warnings } = loadRunConfigWarned(configFile);
  for (const w of warnings) o.log(w);
  if (config.method.type !== 'ensemble') {
    throw new LocatedError('--members-as-jobs trains the members of a deep ensemble', { file: configFile, field: 'method.type' }, 'ensemble');
  }
  const M = config.method.ensemble.members;
  const runDir = resolve(o.runDir ?? defaultRunDir(configFile, config));
  makeRunDir(runDir);
  const lock = acquireRunLock(runDir);
  try {
    const events = join(runDir, RUN_FILES.events);
    const started = existsSync(events) || (existsSync(join(runDir, MEMBERS_FOLDER)) && readdirSync(join(runDir, MEMBERS_FOLDER)).length > 0);
    if (!o.resume && started) throw new LocatedError('the run directory already holds a run', { file: runDir, field: '--run-dir' }, 'a new directory, or --resume to continue that run');
    if (o.resume && !started) throw new LocatedError('nothing to resume: the run directory has no member runs', { file: runDir, field: '--resume' }, 'the run directory of an interrupted --members-as-jobs run');
    if (o.resume && memberStatus(existsSync(events) ? readEventLines(events) : null) === 'finished') {
      return { status: 'completed', runDir, message: 'the run had already finished; nothing to resume' };
    }
    const status: MemberStatus[] = Array.from({ length: M }, (_, k) => {
      const file = join(memberDir(runDir, k, M), RUN_FILES.events);
      return memberStatus(existsSync(file) ? readEventLines(file) : null);
    });
    status.forEach((s, k) => { if (s === 'finished') o.log(`member ${k + 1}: finished before; kept, not retrained`); });
    const todo = status.flatMap((s, k) => (s === 'finished' ? [] : [k]));
    const executor = createExecutor(o.executor, runDir, 'mlip-uq-members');
    o.log(`${M} members as separate jobs on ${executor.name}: ${todo.length} to train${todo.length < M ? `, ${M - todo.length} kept` : ''}`);
    const outcomes = new Map<number, TaskOutcome>();
    let next = 0;
    try {
      await runPool(executor.slots, () => (next < todo.length && !o.cancel.requested ? todo[next++] : null), (k) => executor.run({
        name: `member ${k + 1}`, configFile, runDir: memberDir(runDir, k, M), member: k, resume: status[k] === 'interrupted',
        ...(o.timeBudgetMinutes !== undefined ? { timeBudgetMinutes: o.timeBudgetMinutes } : {}),
      }, {
        cancel: o.cancel, onNote: o.log,
        onEvent: (e) => { if (e.type === 'started') o.log(`member ${k + 1}: started${e.resumedFromEpoch ? ` (resumed from epoch ${e.resumedFromEpoch})` : ''}`); },
      }), (k, r) => {
        outcomes.set(k, r);
        o.log(`member ${k + 1}: ${r.status}${r.message ? `: ${r.message}` : ''}`);
      });
    } finally {
      await executor.close();
    }
    const failed = todo.filter((k) => outcomes.get(k)?.status === 'failed');
    if (failed.length) {
      return { status: 'failed', runDir, message: `member${failed.length > 1 ? 's' : ''} ${failed.map((k) => k + 1).join(', ')} failed (${outcomes.get(failed[0])?.message ?? 'no result'}); the others are kept: --resume retries` };
    }
    if (o.cancel.requested || todo.some((k) => outcomes.get(k)?.status !== undefined && outcomes.get(k)!.status === 'cancelled') || todo.some((k) => !outcomes.has(k))) {
      return { status: 'cancelled', runDir, message: 'members stopped with their checkpoints; --resume continues' };
    }
    const merged = await writeMergedRun(runDir, { members: M, configHash: runConfigHash(config), configFile, executor: executor.name, startedAt: t0 });
    o.log(`merged ${M} members into ${runDir}`);
    return { status: merged.status, runDir };
  } finally {
    lock.release();
  }
}
