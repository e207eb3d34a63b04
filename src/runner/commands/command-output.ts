/** Where a command writes its output; the process streams by default, tests pass their own. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CommandOutput = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};
