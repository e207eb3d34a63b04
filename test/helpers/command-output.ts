/** A CommandOutput (src/runner/commands/command-output.ts) that keeps what a command wrote, for CLI tests. */
import type { CommandOutput } from '../../src/runner/commands/command-output';

export function captureOutput(): CommandOutput & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}
