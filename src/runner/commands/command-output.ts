/** Where a command writes its output; the process streams by default, tests pass their own. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

let pipeGuarded = false;

/** `mlip-uq … | head` closes stdout early; that ends the command quietly instead of crashing on EPIPE. */
function guardClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export const processOutput: CommandOutput = {
  out: (t) => { guardClosedPipe(); process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};
