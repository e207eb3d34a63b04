/** The executor a sweep file (or a caller) asks for. */
import { join } from 'node:path';
import type { ExecutorSpec } from '../../core/sweep';
import type { Executor } from './executor';
import { localExecutor } from './local-executor';
import { SlurmExecutor } from './slurm-executor';

export function createExecutor(spec: ExecutorSpec, outDir: string, jobName = 'mlip-uq'): Executor {
  if (spec.type === 'slurm') return new SlurmExecutor({ options: spec.slurm, parallel: spec.parallel, workDir: join(outDir, 'slurm'), jobName });
  return localExecutor({ parallel: spec.parallel, threads: spec.threads });
}
