/** A CLI subcommand: parses its own arguments, returns the process exit code. */
export interface Command {
  run(args: string[]): Promise<number>;
}
