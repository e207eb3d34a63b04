/** The run buttons at the top of a config: train in the editor, train headless, validate the data. */
import type { CodeLens } from 'vscode-languageserver';

export const LENS_COMMANDS = [
  { title: 'Train', command: 'mlipUq.train' },
  { title: 'Train headless', command: 'mlipUq.trainHeadless' },
  { title: 'Validate data', command: 'mlipUq.validateData' },
] as const;

export function codeLenses(uri: string): CodeLens[] {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return LENS_COMMANDS.map((c) => ({ range, command: { title: c.title, command: c.command, arguments: [uri] } }));
}
