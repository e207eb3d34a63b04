/**
 * A minimal LSP client for tests: starts the built server (dist/server.js --stdio) as a child process
 * and talks JSON-RPC over its stdin/stdout with vscode-languageserver-protocol, declaring pull
 * diagnostics with refresh support like VS Code does.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type Diagnostic, type CompletionList, type Hover, type CodeAction, type CodeLens, type Position, type Range,
} from 'vscode-languageserver-protocol/node';
import { ensureServerBuilt, SERVER_JS } from './build';

export class LspClient {
  readonly logs: string[] = [];
  private refreshWaiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  exited: number | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, readonly conn: ProtocolConnection) {}

  static async start(): Promise<LspClient> {
    ensureServerBuilt();
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: 'pipe' });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, conn);
    child.stderr.on('data', (b: Buffer) => client.logs.push(`stderr: ${b.toString()}`));
    child.on('exit', (code) => { client.exited = code ?? -1; });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => { client.logs.push(`log${p.type}: ${p.message}`); });
    conn.onRequest('workspace/diagnostic/refresh', () => {
      const waiters = client.refreshWaiters;
      client.refreshWaiters = [];
      for (const w of waiters) w();
      return null;
    });
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
        workspace: { diagnostics: { refreshSupport: true } },
      },
    });
    conn.sendNotification('initialized', {});
    return client;
  }

  /** Errors the server logged (console.error → window/logMessage type 1) or wrote to stderr. */
  get errors(): string[] {
    return this.logs.filter((l) => l.startsWith('log1:') || l.startsWith('stderr:'));
  }

  open(uri: string, text: string): void {
    this.versions.set(uri, 1);
    const languageId = uri.endsWith('.json') ? 'json' : 'yaml';
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Incremental change: replace `range` with `text`. */
  edit(uri: string, range: Range, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** Whole-text change. */
  replace(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const r = await this.conn.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return r.items;
  }

  /** Resolves at the server's next `workspace/diagnostic/refresh` (data-dependent diagnostics are ready). */
  nextRefresh(timeoutMs = 15000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no diagnostic refresh within ' + timeoutMs + ' ms')), timeoutMs);
      t.unref();
      this.refreshWaiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  complete(uri: string, position: Position): Promise<CompletionList> {
    return this.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only: ['quickfix'] } });
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 50));
    this.conn.dispose();
    if (this.exited === null) this.child.kill();
  }
}
