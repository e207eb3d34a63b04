/**
 * The float32 PyTorch reference of train.bench.ts (torch_train.py beside this file), run on the bench's
 * own samples: exported once per data set to .cache/bench-workloads/, then one python process per round
 * that times the case on 1 thread and on every core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { PreparedData } from '../../../src/core/training/prepare';
import { exportWorkload } from './export-workload';
import { interleave, type Interleaved, type ReferenceRound } from './rounds';
import { CACHE, ensureTorch, type Absent, type TorchReference } from './setup';

export interface TorchCase {
  case: 'det' | 'lrt' | 'ensemble';
  impl?: 'bmm' | 'vmap';
  members?: number;
  alpha?: number;
  hidden?: readonly number[];
  epochs: number;
  warmup?: number;
  /** Further torch_train.py flags, e.g. ['--q-scale', '2.27e-4']. */
  flags?: string[];
}

export interface TorchRun { threads: number; seconds_per_epoch: number; min: number; peak_rss_mb: number; torch: string }

let torch: TorchReference | Absent | null = null;
const exported = new WeakMap<PreparedData, string>();
let counter = 0;

function torchReference(): TorchReference | Absent {
  torch ??= process.env.MLIP_NO_TORCH ? { absent: 'MLIP_NO_TORCH is set' } : ensureTorch();
  return torch;
}

const WORKLOADS = join(CACHE, 'bench-workloads');

/** Removes workload files of bench processes that are gone (an exit handler is not always reached). */
function removeStaleWorkloads(): void {
  if (!existsSync(WORKLOADS)) return;
  for (const f of readdirSync(WORKLOADS)) {
    const pid = Number(/^train-(\d+)-/.exec(f)?.[1]);
    if (!pid || pid === process.pid) continue;
    try { process.kill(pid, 0); } catch { rmSync(join(WORKLOADS, f), { force: true }); }
  }
}

/** The workload file of these samples (written on first use). */
function workload(data: PreparedData): string {
  let file = exported.get(data);
  if (!file) {
    if (counter === 0) removeStaleWorkloads();
    file = join(WORKLOADS, `train-${process.pid}-${counter++}`);
    exportWorkload(file, data.train, data.std);
    exported.set(data, file);
    const f = file;
    process.on('exit', () => { for (const ext of ['.json', '.bin']) rmSync(f + ext, { force: true }); });
  }
  return file;
}

/** One python process: the case on 1 thread and on every core (when there are several). */
export function runTorch(data: PreparedData, c: TorchCase): TorchRun[] | Absent {
  const t = torchReference();
  if ('absent' in t) return t;
  const threads = cpus().length > 1 ? '1,all' : '1';
  const args = [join(__dirname, 'torch_train.py'), '--data', workload(data), '--case', c.case, '--impl', c.impl ?? 'bmm',
    '--members', String(c.members ?? 1), '--alpha', String(c.alpha ?? 0), '--hidden', (c.hidden ?? [15, 15]).join(','),
    '--epochs', String(c.epochs), '--warmup', String(c.warmup ?? 1), '--threads', threads, ...(c.flags ?? [])];
  const r = spawnSync(t.python, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) return { absent: `torch_train.py failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as TorchRun);
}

const threadLabel = (n: number) => `torch ${n} thread${n > 1 ? 's' : ''}`;

/** Interleaved rounds of ours and the PyTorch reference of the same case; prints the ratio line. */
export function compareWithTorch(label: string, data: PreparedData, ours: () => number, c: TorchCase, onRun?: (runs: TorchRun[]) => void): Interleaved {
  const t = torchReference();
  return interleave(`${label} vs float32 PyTorch${'absent' in t ? '' : ` ${t.version}`}`, 's/epoch', ours, 'absent' in t ? t : () => {
    const runs = runTorch(data, c);
    if ('absent' in runs) return runs;
    onRun?.(runs);
    const round: ReferenceRound = {};
    for (const x of runs) round[threadLabel(x.threads)] = x.seconds_per_epoch;
    return round;
  });
}
