/**
 * Shared pieces of the fault and hostile-input suite: a tiny TiO2 training config, a small tmpfs
 * (root only, so disk-full and read-only faults are real), the CLI as a child process with its
 * output, time and exit code, and the checks every fault must pass (no stack, one located line).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBundles, REPO } from '../helpers/bundle';
import { writeTinyTio2Config } from '../helpers/tiny-tio2-config';

export { REPO };
/** The CLI as shipped (dist/cli.js, rebuilt first when older than its sources): it starts far faster than through tsx. */
export function cliArgs(): string[] {
  const cli = join(REPO, 'dist', 'cli.js');
  ensureBundles({ outputs: [cli], sources: [join(REPO, 'src'), join(REPO, 'schemas')], stdio: 'pipe' });
  return [cli];
}

export function tinyConfig(file: string, o: { limit?: number; epochs?: number; extra?: string } = {}): string {
  return writeTinyTio2Config(file, {
    limit: o.limit ?? 16, env: ['O', 'Ti'],
    body: `method: { type: deterministic }
training: { epochs: ${o.epochs ?? 4}, batch_size: 8, learning_rate: 0.003, backend: wasm, seed: 5, early_stopping: { patience: null } }
evaluation: { calibration_every: 2 }${o.extra ? `\n${o.extra}` : ''}`,
  });
}

export { readEventsFile as events } from '../helpers/run-events';

/** Why a tmpfs cannot be mounted here (not root, no mount permission), or null when it can. */
export function tmpfsUnavailable(probe: string): string | null {
  if (process.getuid?.() !== 0) return 'not running as root: a tmpfs cannot be mounted';
  mkdirSync(probe, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (r.status !== 0) return `mount failed: ${r.stderr.toString().trim() || r.error?.message}`;
  spawnSync('umount', [probe]);
  return null;
}

export function mountTmpfs(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) throw new Error(`mount ${dir}: ${r.stderr.toString()}`);
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
}

/** Fills the file system of `dir` with `filler` until `leave` bytes stay free. */
export function fillDisk(dir: string, filler: string, leave: number): void {
  const st = statfsSync(dir);
  const free = st.bavail * st.bsize;
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - leave)));
}

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs the CLI to its end and returns its exit, output and wall time. */
export function runCli(args: string[], o: { timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [...cliArgs(), ...args], { cwd: o.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 }); });
  });
}

/** A stack trace line (`    at f (file:1:2)`) or the CLI's internal-error prefix. */
export function hasStack(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || /internal error/.test(text);
}
