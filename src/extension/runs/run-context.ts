/**
 * The Runs view's context value of a run, which decides its menu (package.json `viewItem` clauses):
 * `run.running`, `run.resumable`, `run.failed` or `run.done`, with `.report` appended when a report file
 * is there, so "Open report" is offered only on runs that have one (a stopped run writes none).
 */
import type { RunStatus } from '../../core/run-dir/run-summary';

export function runContextValue(status: RunStatus, o: { active: boolean; resumable: boolean; hasReport: boolean }): string {
  const base = o.active || status === 'running' || status === 'starting' ? 'run.running'
    : o.resumable ? 'run.resumable' : status === 'failed' ? 'run.failed' : 'run.done';
  return o.hasReport && base !== 'run.running' ? `${base}.report` : base;
}
