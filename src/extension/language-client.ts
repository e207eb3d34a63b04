/**
 * The language client for training configs: dist/server.js over IPC. Validation, completion and hover
 * run in Restricted Mode too (the server only reads files; it spawns nothing). The server has the config
 * schema bundled (src/core/config/schema.ts), so it is told no schema path.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<LanguageClient | undefined> {
  const module = context.asAbsolutePath('dist/server.js');
  if (!existsSync(module)) {
    output.appendLine('language server dist/server.js is missing: config validation is off (run npm run build)');
    return undefined;
  }
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'mlip-config-yaml' },
      { scheme: 'file', language: 'mlip-config-json' },
      { scheme: 'untitled', language: 'mlip-config-yaml' },
      { scheme: 'file', language: 'mlip-sweep-yaml' },
    ],
    outputChannelName: 'MLIP Config Language Server',
  };
  const client = new LanguageClient('mlipUq.languageServer', 'MLIP Config Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`language server failed to start: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  return client;
}
