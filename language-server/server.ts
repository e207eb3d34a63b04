/**
 * The config language server: LSP over stdio (`--stdio`) or node IPC (`--node-ipc`, how the
 * extension starts it), wired to the pure ConfigLanguageService. Incremental sync; diagnostics by
 * pull (`textDocument/diagnostic`) when the client supports it, else pushed after a per-document
 * debounce; structure data read in a worker thread and cached, followed by a refresh. Every handler
 * is wrapped: an exception is logged to the client's console and answered with an empty result.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { readdirSync } from 'node:fs';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DocumentDiagnosticReportKind,
  ResponseError, LSPErrorCodes, type Connection, type InitializeParams, type CancellationToken, type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigLanguageService } from './service/service';
import { runScanWorker, workerScanner } from './scan-worker';
import type { Scanner } from './service/data-scanner';

const PUSH_DEBOUNCE_MS = 150;
const SCAN_DEBOUNCE_MS = 300;

function listDir(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
}

function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const service = new ConfigLanguageService({ listDir });
  const scanner: Scanner = workerScanner(__filename);
  let pull = false;
  let refreshSupport = false;
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const scanTimers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, { uri: string; abort: AbortController }>();

  const log = (where: string, e: unknown) => connection.console.error(`mlip-uq ${where}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

  /** Runs a handler; a thrown error is logged and answered with `fallback`, never a crash. */
  function guard<P, R>(name: string, fallback: R, fn: (p: P, token: CancellationToken) => R) {
    return (p: P, token: CancellationToken): R => {
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      try {
        return fn(p, token);
      } catch (e) {
        log(name, e);
        return fallback;
      }
    };
  }

  function diagnosticsOf(doc: TextDocument) {
    const result = service.diagnostics(doc.getText(), doc.uri);
    if (service.filesToScan(doc.uri).length) scheduleScan(doc.uri);
    return result.diagnostics;
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnosticsOf(doc) });
    } catch (e) {
      log('publish', e);
    }
  }

  function schedulePush(uri: string): void {
    clearTimeout(pushTimers.get(uri));
    pushTimers.set(uri, setTimeout(() => { pushTimers.delete(uri); publish(uri); }, PUSH_DEBOUNCE_MS));
  }

  function scheduleScan(uri: string): void {
    clearTimeout(scanTimers.get(uri));
    scanTimers.set(uri, setTimeout(() => { scanTimers.delete(uri); void runScan(uri); }, SCAN_DEBOUNCE_MS));
  }

  /** Scans the document's unknown structure files; a file already being scanned for any document is not read twice. */
  async function runScan(uri: string): Promise<void> {
    const files = service.filesToScan(uri).filter((f) => !inFlight.has(f));
    if (!files.length) return;
    const abort = new AbortController();
    const job = { uri, abort };
    for (const f of files) inFlight.set(f, job);
    try {
      const results = await scanner(files, abort.signal);
      service.elements.store(results);
      dataChanged();
    } catch (e) {
      if (!abort.signal.aborted) log('data scan', e);
    } finally {
      for (const f of files) if (inFlight.get(f) === job) inFlight.delete(f);
    }
  }

  /** Stops the scans only this document asked for (nobody else needs their result). */
  function cancelScans(uri: string): void {
    const jobs = new Set([...inFlight.values()].filter((j) => j.uri === uri));
    for (const j of jobs) j.abort.abort();
  }

  /** New element knowledge changes diagnostics: ask the client to pull again, or push. */
  function dataChanged(): void {
    if (pull) {
      if (refreshSupport) try { connection.languages.diagnostics.refresh(); } catch (e) { log('refresh', e); }
    } else {
      for (const d of documents.all()) publish(d.uri);
    }
  }

  connection.onInitialize((params: InitializeParams) => {
    // Compile the schema validator now, not on the user's first keystroke.
    try { service.diagnostics('{}', 'untitled:warm-up.mlip.yaml'); } catch (e) { log('warm-up', e); }
    pull = !!params.capabilities.textDocument?.diagnostic;
    refreshSupport = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '/', '-', '"'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        ...(pull ? { diagnosticProvider: { identifier: 'mlip-uq', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'mlip-uq-config', version: '0.1.0' },
    };
  });

  documents.onDidChangeContent((e) => { if (!pull) schedulePush(e.document.uri); });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(pushTimers.get(uri));
    clearTimeout(scanTimers.get(uri));
    cancelScans(uri);
    service.forget(uri);
    if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(guard('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params: { textDocument: { uri: string } }) => {
    const doc = documents.get(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: doc ? diagnosticsOf(doc) : [] };
  }));

  connection.onCompletion(guard('completion', { isIncomplete: false, items: [] }, (params: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? service.complete(doc.getText(), doc.uri, params.position) : { isIncomplete: false, items: [] };
  }));

  connection.onHover(guard('hover', null, (params: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? service.hover(doc.getText(), doc.uri, params.position) : null;
  }));

  connection.onCodeAction(guard('codeAction', [], (params: { textDocument: { uri: string }; context: { diagnostics: Diagnostic[] } }) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? service.codeActions(doc.getText(), doc.uri, params.context.diagnostics) : [];
  }));

  connection.onCodeLens(guard('codeLens', [], (params: { textDocument: { uri: string } }) => service.codeLenses(params.textDocument.uri)));

  // Library warnings (yaml's "keys with collection values…") are not errors: log them as warnings.
  process.removeAllListeners('warning');
  process.on('warning', (w) => connection.console.warn(`mlip-uq: ${w.name}: ${w.message}`));
  process.on('uncaughtException', (e) => log('uncaught', e));
  process.on('unhandledRejection', (e) => log('unhandled rejection', e));

  documents.listen(connection);
  connection.listen();
}

if (!isMainThread && (workerData as { mlipUqScan?: boolean } | null)?.mlipUqScan) runScanWorker();
else if (isMainThread) startServer();
