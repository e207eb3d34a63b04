/**
 * What sweeps, the paper's study and ensembles ask of an executor: train one config into one run
 * directory, stream its run events, stop it on request, and say how it ended. `local` runs child
 * processes on this machine (local-executor.ts); `slurm` submits sbatch job arrays (slurm-executor.ts).
 * The run directory is the unit of truth either way: a task's outcome is read from its events.
 */
import type { RunEvent } from '../../protocol/events';

export interface TrainTask {
  /** A label for logs (`trial 0003`). */
  name: string;
  configFile: string;
  runDir: string;
  /** Continue the run in runDir from its checkpoint. */
  resume?: boolean;
  /** Training stops after the first epoch that ends past this many minutes. */
  timeBudgetMinutes?: number;
  /** Train only this member (0-based) of the config's ensemble (`train --member`): an ensemble's members as jobs. */
  member?: number;
}

export interface TaskControl {
  onEvent?: (e: RunEvent) => void;
  /** Set `requested` to stop the task (it checkpoints and ends with status cancelled). */
  cancel: { requested: boolean };
  /** Progress words from the executor (submitted, resubmitted after a node failure, …). */
  onNote?: (line: string) => void;
}

/** completed / early-stopping / time-budget: a finished run; cancelled: stopped on request; failed: no result. */
export interface TaskOutcome {
  status: 'completed' | 'early-stopping' | 'time-budget' | 'cancelled' | 'failed';
  message?: string;
  /** Times the task was started (a Slurm task resubmitted after a node failure counts each submission). */
  attempts: number;
}

export interface Executor {
  readonly name: string;
  /** Tasks it runs at once. */
  readonly slots: number;
  run(task: TrainTask, control: TaskControl): Promise<TaskOutcome>;
  /** Stops what is still running (cancel) and releases resources. */
  close(): Promise<void>;
}

export const FINISHED_STATUSES = new Set(['completed', 'early-stopping', 'time-budget', 'cancelled']);

export function outcomeStatus(s: string): TaskOutcome['status'] {
  return (FINISHED_STATUSES.has(s) ? s : 'failed') as TaskOutcome['status'];
}
