/**
 * The local executor: each task a `mlip-uq train` child process (train-process.ts), `parallel` at once
 * (default one per core), each on `threads` backend threads (default 1 when several run, so processes do
 * not fight over cores).
 */
import { availableParallelism } from 'node:os';
import type { Executor, TaskControl, TaskOutcome, TrainTask } from './executor';
import { outcomeStatus } from './executor';
import { trainInChildProcess } from './train-process';

export interface LocalExecutorOptions { parallel?: number | null; threads?: number | null }

export function localExecutor(o: LocalExecutorOptions = {}): Executor {
  const slots = Math.max(1, o.parallel ?? availableParallelism());
  const threads = o.threads ?? (slots > 1 ? 1 : undefined);
  return {
    name: `local (${slots} process${slots === 1 ? '' : 'es'})`,
    slots,
    async run(task: TrainTask, control: TaskControl): Promise<TaskOutcome> {
      const r = await trainInChildProcess({
        configFile: task.configFile, runDir: task.runDir, resume: task.resume, onEvent: control.onEvent, cancel: control.cancel,
        ...(threads !== undefined ? { threads } : {}),
        ...(task.timeBudgetMinutes !== undefined ? { timeBudgetMinutes: task.timeBudgetMinutes } : {}),
        ...(task.member !== undefined ? { member: task.member } : {}),
      });
      return { status: control.cancel.requested && r.status !== 'failed' ? 'cancelled' : outcomeStatus(r.status), ...(r.message ? { message: r.message } : {}), attempts: 1 };
    },
    async close() { /* child processes end with their tasks */ },
  };
}
