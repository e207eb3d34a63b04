/**
 * `mlip-uq`: the headless entry. Each subcommand lives in its own module under ./commands and is
 * registered here by name.
 */
import packageJson from '../../package.json';
import { fsReason } from '../core/atomic-write';
import { terminalMessage } from '../core/report/escape-text';
import { LocatedError } from '../core/errors';
import type { Command } from './commands/command';

const commands: Record<string, () => Promise<Command>> = {
  // registry: one line per subcommand
  metrics: async () => (await import('./commands/metrics')).default,
  report: async () => (await import('./commands/report')).default,
  compare: async () => (await import('./commands/compare')).default,
  predict: async () => (await import('./commands/predict')).default,
  featurize: async () => (await import('./commands/featurize')).default,
  train: async () => (await import('./commands/train')).default,
  paper: async () => (await import('./commands/paper')).default,
  select: async () => (await import('./commands/select')).default,
  sweep: async () => (await import('./commands/sweep')).default,
  export: async () => (await import('./commands/export')).default,
};

function usage(): string {
  const names = Object.keys(commands).sort();
  return `usage: mlip-uq <command> [options]\n\ncommands:\n${names.map((n) => `  ${n}`).join('\n')}\n\nrun "mlip-uq <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`mlip-uq: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const cmd = await load();
  return cmd.run(rest);
}

/** A file-system error from the environment rather than from the program (errno code plus the call that met it). */
function isEnvironmentError(e: unknown): e is NodeJS.ErrnoException {
  const x = e as NodeJS.ErrnoException | null;
  return !!x && typeof x.code === 'string' && typeof x.syscall === 'string';
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // Bad input and a failing environment (full or read-only disk, missing permission) are one line;
    // anything else is a bug and keeps its stack.
    // Messages quote file and archive-member names: escape sequences in them must not reach the terminal.
    if (err instanceof LocatedError) process.stderr.write(`mlip-uq: ${terminalMessage(err.message)}\n`);
    else if (isEnvironmentError(err)) process.stderr.write(`mlip-uq: ${terminalMessage(`${err.path ? `${err.path}: ` : ''}${fsReason(err)}`)}\n`);
    else process.stderr.write(`mlip-uq: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
