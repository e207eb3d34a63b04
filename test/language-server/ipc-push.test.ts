import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { ensureServerBuilt, SERVER_JS } from './helpers/build';
import { invalidExample, textAt } from './helpers/fixtures';

test('over node IPC, a client without pull diagnostics gets them pushed after a debounce, once per burst of edits', { timeout: 30_000 }, async () => {
  ensureServerBuilt();
  const child = fork(SERVER_JS, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const pushes: { uri: string; version?: number; diagnostics: Diagnostic[] }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => { pushes.push(p); });
  conn.listen();
  try {
    const init = await conn.sendRequest<{ capabilities: { diagnosticProvider?: unknown; textDocumentSync: number } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'no pull provider for a push client');
    assert.equal(init.capabilities.textDocumentSync, 2, 'incremental sync');
    void conn.sendNotification('initialized', {});
    const { uri, text } = invalidExample('lsp-unknown-key.mlip.yaml');
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    // Three quick edits to a comment: only the last version should be diagnosed.
    for (let v = 2; v <= 4; v++) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'x' }] });
    }
    const deadline = Date.now() + 10_000;
    while (!pushes.some((p) => p.version === 4) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const last = pushes.find((p) => p.version === 4);
    assert.ok(last, 'diagnostics pushed for the latest version');
    assert.deepEqual(pushes.filter((p) => p.version !== undefined && p.version < 4), [], 'earlier versions were debounced away');
    assert.deepEqual(last.diagnostics.map((d) => [d.code, textAt(text, d.range)]), [['unknown-property', 'radial_cutof']]);
  } finally {
    await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
    void conn.sendNotification('exit');
    conn.dispose();
    child.kill();
  }
});
