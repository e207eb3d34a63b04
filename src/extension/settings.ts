/** The extension's settings with their defaults (package.json `contributes.configuration` declares them). */
import * as vscode from 'vscode';

export interface Settings {
  runsFolder: string;
  backend: 'config' | 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  threads: number;
  nodePath: string;
  maxPoints: number;
  /** Stop the runs this window started when it closes or reloads (they go on by default). */
  stopRunsOnClose: boolean;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('mlipUq', scope);
  return {
    runsFolder: c.get<string>('runsFolder', 'runs') || 'runs',
    backend: c.get<Settings['backend']>('backend', 'config'),
    threads: Math.max(0, c.get<number>('threads', 0)),
    nodePath: c.get<string>('nodePath', ''),
    maxPoints: Math.max(200, c.get<number>('dashboard.maxPoints', 2000)),
    stopRunsOnClose: c.get<boolean>('stopRunsOnClose', false),
  };
}
