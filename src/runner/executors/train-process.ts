/**
 * One training run in a child process (`mlip-uq train CONFIG --run-dir DIR --events`), so runs use every
 * core: each process runs its own training loop. Events stream back as NDJSON on stdout; cancel sends
 * SIGTERM, which the child answers by checkpointing and finishing as the in-process runner does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunEvent } from '../../protocol/events';

export interface ProcessRunOptions {
  configFile: string;
  runDir: string;
  /** Training stops after the first epoch that ends past this many minutes (then finishes as usual). */
  timeBudgetMinutes?: number;
  onEvent?: (e: RunEvent) => void;
  cancel?: { requested: boolean };
  /** Overrides the runner's thread count (each process of a pool usually wants 1). */
  threads?: number;
  /** Continue the run in runDir from its last checkpoint (`train --resume`). */
  resume?: boolean;
  /** Only this member of the config's ensemble (`train --member`). */
  member?: number;
}

export interface ProcessRunResult { status: string; message?: string }

/** The bundled CLI: next to this bundle (dist/), or dist/cli.js above the sources. */
export function cliPath(from = __dirname): string | null {
  if (process.argv[1]?.endsWith('cli.js') && existsSync(process.argv[1])) return process.argv[1];
  for (let dir = from, i = 0; i < 6; i++, dir = dirname(dir)) {
    for (const p of [join(dir, 'cli.js'), join(dir, 'dist', 'cli.js')]) if (existsSync(p)) return p;
  }
  return null;
}

export function trainInChildProcess(o: ProcessRunOptions): Promise<ProcessRunResult> {
  const cli = cliPath();
  if (!cli) return Promise.resolve({ status: 'failed', message: 'dist/cli.js not found: run `npm run build` first' });
  const args = [cli, 'train', o.configFile, '--run-dir', o.runDir, '--events'];
  if (o.timeBudgetMinutes !== undefined) args.push('--time-budget-minutes', String(o.timeBudgetMinutes));
  if (o.threads !== undefined) args.push('--threads', String(o.threads));
  if (o.resume) args.push('--resume');
  if (o.member !== undefined) args.push('--member', String(o.member));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let last: RunEvent | null = null;
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as RunEvent;
          last = e;
          o.onEvent?.(e);
        } catch { /* a partial line of a killed child */ }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000); });
    const poll = setInterval(() => { if (o.cancel?.requested) child.kill('SIGTERM'); }, 250);
    child.on('close', (code) => {
      clearInterval(poll);
      const e = last as RunEvent | null;
      if (e?.type === 'finished') resolve({ status: e.stopped ?? 'completed' });
      else if (o.cancel?.requested) resolve({ status: 'cancelled' });
      else {
        const why = stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${code}`;
        resolve({ status: 'failed', message: e?.type === 'failed' ? e.message : why });
      }
    });
  });
}
