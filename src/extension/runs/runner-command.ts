/**
 * The command line that starts the background runner. Pure, so it is tested without VS Code.
 * The runner (dist/runner.js) loads TensorFlow.js; the extension host never does.
 */
export interface RunnerLaunch {
  extensionRoot: string;
  configFile: string;
  runDir: string;
  resume: boolean;
  backend: string;
  threads: number;
  /** Node executable; empty means the one running the extension host (Electron in desktop VS Code). */
  nodePath: string;
  hostExecPath: string;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export function runnerSpawnSpec(l: RunnerLaunch): SpawnSpec {
  // dist/runner.js CONFIG --run-dir DIR [--resume]: it always streams events to stdout.
  const args = [`${l.extensionRoot}/dist/runner.js`, l.configFile, '--run-dir', l.runDir];
  if (l.resume) args.push('--resume');
  // Electron acts as plain Node with ELECTRON_RUN_AS_NODE; harmless for a real node binary.
  const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
  // Overrides of the config's training.backend / threads, for a runner that reads them.
  if (l.backend && l.backend !== 'config') env.MLIP_UQ_BACKEND = l.backend;
  if (l.threads > 0) env.MLIP_UQ_THREADS = String(l.threads);
  return { command: l.nodePath || l.hostExecPath, args, env };
}

/** A new run directory name: config name + UTC timestamp, sortable and unique enough per second. */
export function newRunId(configFile: string, now = new Date()): string {
  const base = configFile.replace(/\\/g, '/').split('/').pop()!.replace(/\.mlip\.(ya?ml|json)$/, '').replace(/[^A-Za-z0-9_.-]+/g, '-');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${base}-${stamp}`;
}

/** The CLI's arguments for the "Validate data" lens: the config's data read, screened and summarised. */
export function validateDataArgs(configFile: string): string[] {
  return ['featurize', '--config', configFile];
}

/** `node "dist/cli.js" ARGS…` for a terminal: paths double-quoted with `"`, `\`, `$` and backquote escaped (POSIX shells). */
export function cliTerminalLine(cliPath: string, args: string[]): string {
  const q = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
  return ['node', q(cliPath), ...args.map((a) => (a.startsWith('--') || /^[a-z-]+$/.test(a) ? a : q(a)))].join(' ');
}
